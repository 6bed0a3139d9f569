/**
 * The Adversarial register as the emulator holds it: what the fixtures produce, what the
 * repositories read and write, and what the mapper turns into the wire shape. Times are epoch
 * milliseconds (UTC); enums are their display strings (see enums.ts); users are referred to by id.
 */
import type { IncidentStatus, Relevance, Role, Severity, ThreatObjective } from './enums.js';

export interface UserRecord {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  icon: string | null;
  /** An inactive user cannot be assigned incidents. */
  active: boolean;
}

export interface ServiceAccountRecord {
  clientId: string;
  clientSecret: string;
  name: string;
  role: Role;
  /** The user the account acts as: users/me, opened_by and comment authors show this user. */
  userId: string;
}

export interface TagRecord {
  id: string;
  content: string;
  creatorId: string;
  /** null for the platform's own tags, the organisation's id for the organisation's. */
  orgId: string | null;
}

export interface ThreatObjectiveRecord {
  threatObjective: ThreatObjective;
  relevance: Relevance | null;
  /** When the relation last changed; set by the server. */
  createdDate: number | null;
}

/** The incident's own fields (what the Incident object carries), users by id. */
export interface IncidentFields {
  title: string;
  description: string;
  status: IncidentStatus;
  severity: Severity | null;
  severityReasoning: string | null;
  source: string | null;
  assignedTo: string | null;
  detectedDate: number;
  occurredDate: number | null;
  respondedDate: number | null;
  containedDate: number | null;
}

export interface IncidentRecord extends IncidentFields {
  /** Row id: 42 is INC-00042. */
  id: number;
  openedBy: string | null;
  createdDate: number;
  updatedDate: number;
}

export interface CommentRecord {
  id: string;
  incidentId: number;
  value: string;
  userId: string | null;
  createdDate: number;
  updatedDate: number;
}

/** An incident with its relations by content: how fixtures describe it and writes change it. */
export interface IncidentAggregate extends IncidentRecord {
  /** Tag contents. */
  tags: string[];
  threatObjectives: ThreatObjectiveRecord[];
  /** Risk ids such as RSK-00001 (read-only in this API). */
  riskAssociations: string[];
}

/** A register row as reads return it: relations resolved, users as records. */
export interface RegisterRowView {
  incident: IncidentRecord;
  assignedTo: UserRecord | null;
  openedBy: UserRecord | null;
  tags: TagRecord[];
  threatObjectives: ThreatObjectiveRecord[];
  riskAssociations: string[];
  commentCount: number;
}

export interface CommentView {
  comment: CommentRecord;
  user: UserRecord | null;
}

export interface Organisation {
  id: string;
  name: string;
}

/** One complete Adversarial dataset, as the fixture file describes it. */
export interface AdversarialDataset {
  organisation: Organisation;
  sources: string[];
  users: UserRecord[];
  serviceAccounts: ServiceAccountRecord[];
  tags: TagRecord[];
  incidents: IncidentAggregate[];
  comments: CommentRecord[];
}
