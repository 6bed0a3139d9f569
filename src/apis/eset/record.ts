/**
 * The ESET incident as the emulator holds it: what the repository reads and writes, what the
 * fixtures and the generator produce, and what the mapper turns into the wire shape.
 * Times are epoch milliseconds (UTC); enums are protobuf numbers (see enums.ts).
 */
export interface IncidentRecord {
  uuid: string;
  displayName: string;
  description: string;
  /** '' when unassigned (proto3 default). */
  assigneeUuid: string;
  createTime: number;
  updateTime: number;
  severity: number;
  status: number;
  resolveReason: number;
  metrics: { deviceCount: number; executableCount: number; processCount: number };
  /** Seconds from creation until the incident first left OPEN; null while it has not. */
  triageSeconds: number | null;
  /** Seconds from creation until the incident was closed; null while it is not closed. */
  responseSeconds: number | null;
  tags: string[];
  deviceUuids: string[];
  detectionUuids: string[];
}

export interface CommentRecord {
  uuid: string;
  incidentUuid: string;
  text: string;
  authorUuid: string;
  isFinalComment: boolean;
  createTime: number;
  updateTime: number;
}

/** A user of the ESET token endpoint (password grant). */
export interface EsetUserRecord {
  uuid: string;
  username: string;
  password: string;
  displayName: string;
  /** May read but not change anything: every write answers 403 PERMISSION_DENIED. */
  readOnly?: boolean;
}

/** One complete ESET dataset, as fixtures and the generator produce it. */
export interface EsetDataset {
  users: EsetUserRecord[];
  incidents: IncidentRecord[];
  comments: CommentRecord[];
}
