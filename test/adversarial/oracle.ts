/**
 * The default Adversarial fixture read straight from its JSON file, and the register rows the
 * API should answer for it, computed here without the emulator's code: tests compare the
 * emulator's answers with these.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';

export interface FixtureUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  icon: string | null;
  active: boolean;
}

export interface FixtureIncident {
  id: string;
  title: string;
  description: string;
  status: string;
  severity: string | null;
  severity_reasoning: string | null;
  source: string | null;
  assigned_to: string | null;
  opened_by: string;
  created_date: string;
  updated_date: string;
  detected_date: string;
  occurred_date: string | null;
  responded_date: string | null;
  contained_date: string | null;
  tags: string[];
  threat_objectives: Array<{ threat_objective: string; relevance: string | null; created_date: string | null }>;
  risk_associations: string[];
  comments: Array<{ id: string; value: string; user_id: string | null; created_date: string }>;
}

export const FIXTURE = JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, 'adversarial.json'), 'utf8')) as {
  organisation: { id: string; name: string };
  sources: string[];
  users: FixtureUser[];
  service_accounts: Array<{ client_id: string; client_secret: string; name: string; role: string; user_id: string }>;
  tags: Array<{ id: string; content: string; creator_id: string; org_id: string | null }>;
  incidents: FixtureIncident[];
};

export const INCIDENTS = FIXTURE.incidents;
const THREAT_OBJECTIVE_ORDER = ['Sabotage', 'Data Disclosure', 'Extortion', 'Customer Targeting', 'Resource Hijacking', 'Fraud'];
export const STATUS_ORDER = ['New', 'In Progress', 'Review', 'Closed'];

export const account = (role: string) => FIXTURE.service_accounts.find((candidate) => candidate.role === role)!;
export const DEFAULT_ACCOUNT = FIXTURE.service_accounts.find((candidate) => candidate.client_id === 'arm_sa_emulator')!;
const userById = (id: string) => FIXTURE.users.find((user) => user.id === id)!;
export const rowNumber = (displayId: string) => Number(displayId.slice(4));

export function userWire(id: string | null) {
  if (id === null) return null;
  const { active: _active, ...user } = userById(id);
  return user;
}

/** The register row GET /v1/incidents/{id} should answer for a fixture incident. */
export function expectedRow(incident: FixtureIncident) {
  const { tags, threat_objectives, risk_associations, comments, assigned_to, opened_by, ...fields } = incident;
  return {
    comment_count: comments.length,
    incident: { ...fields, assigned_to: userWire(assigned_to), opened_by: userWire(opened_by) },
    risk_associations: [...risk_associations].sort(),
    tags: FIXTURE.tags.filter((tag) => tags.includes(tag.content)).sort((a, b) => (a.content < b.content ? -1 : 1)),
    threat_objectives: [...threat_objectives].sort(
      (a, b) => THREAT_OBJECTIVE_ORDER.indexOf(a.threat_objective) - THREAT_OBJECTIVE_ORDER.indexOf(b.threat_objective),
    ),
  };
}

export const idsWhere = (predicate: (incident: FixtureIncident) => boolean) => INCIDENTS.filter(predicate).map((incident) => incident.id);
