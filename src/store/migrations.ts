/**
 * Schema migrations, applied in order at start. `PRAGMA user_version` records the last one
 * applied, so a database written by an older emulator is brought forward, never recreated.
 * Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Sortable scalar columns of eset_incidents; each gets an (column, uuid) index for keyset pages. */
const ESET_SORT_COLUMNS = [
  'display_name',
  'description',
  'assignee_uuid',
  'create_time',
  'update_time',
  'severity',
  'status',
  'resolve_reason',
  'device_count',
  'executable_count',
  'process_count',
  'triage_seconds',
  'response_seconds',
  'tag_count',
  'device_uuid_count',
  'detection_uuid_count',
] as const;

const esetSortIndexes = ESET_SORT_COLUMNS.map(
  (column) => `CREATE INDEX eset_incidents_by_${column} ON eset_incidents (${column}, uuid);`,
).join('\n');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'emulator metadata, ESET incidents, comments, users and OAuth tokens',
    sql: `
CREATE TABLE emulator_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Times are epoch milliseconds (UTC) so that range filters and ordering use plain integer
-- indexes; enums are protobuf numbers so that ordering follows the enum, not the name.
CREATE TABLE eset_incidents (
  id                   INTEGER PRIMARY KEY,
  uuid                 TEXT    NOT NULL UNIQUE,
  display_name         TEXT    NOT NULL DEFAULT '',
  description          TEXT    NOT NULL DEFAULT '',
  assignee_uuid        TEXT    NOT NULL DEFAULT '',
  create_time          INTEGER NOT NULL,
  update_time          INTEGER NOT NULL,
  severity             INTEGER NOT NULL DEFAULT 0,
  status               INTEGER NOT NULL DEFAULT 0,
  resolve_reason       INTEGER NOT NULL DEFAULT 0,
  device_count         INTEGER NOT NULL DEFAULT 0,
  executable_count     INTEGER NOT NULL DEFAULT 0,
  process_count        INTEGER NOT NULL DEFAULT 0,
  triage_seconds       INTEGER,
  response_seconds     INTEGER,
  -- The lists in wire order (JSON arrays), plus their sizes for size() filters and sorting.
  tags                 TEXT    NOT NULL DEFAULT '[]',
  device_uuids         TEXT    NOT NULL DEFAULT '[]',
  detection_uuids      TEXT    NOT NULL DEFAULT '[]',
  tag_count            INTEGER NOT NULL DEFAULT 0,
  device_uuid_count    INTEGER NOT NULL DEFAULT 0,
  detection_uuid_count INTEGER NOT NULL DEFAULT 0,
  -- The incident as a list item in wire JSON, rewritten with every change of the row: a page
  -- is served by joining these, without turning each row into objects and back into JSON.
  list_json            TEXT    NOT NULL
);
${esetSortIndexes}
-- The common "filter by one enum, newest first" pages run straight off these.
CREATE INDEX eset_incidents_by_severity_created ON eset_incidents (severity, create_time, uuid);
CREATE INDEX eset_incidents_by_status_created ON eset_incidents (status, create_time, uuid);
CREATE INDEX eset_incidents_by_status_severity_created ON eset_incidents (status, severity, create_time, uuid);

-- Membership side tables: "x in tags" and exists() become indexed lookups.
CREATE TABLE eset_incident_tags (
  tag         TEXT    NOT NULL,
  incident_id INTEGER NOT NULL REFERENCES eset_incidents (id) ON DELETE CASCADE,
  PRIMARY KEY (tag, incident_id)
) WITHOUT ROWID;
CREATE INDEX eset_incident_tags_by_incident ON eset_incident_tags (incident_id);

CREATE TABLE eset_incident_devices (
  device_uuid TEXT    NOT NULL,
  incident_id INTEGER NOT NULL REFERENCES eset_incidents (id) ON DELETE CASCADE,
  PRIMARY KEY (device_uuid, incident_id)
) WITHOUT ROWID;
CREATE INDEX eset_incident_devices_by_incident ON eset_incident_devices (incident_id);

CREATE TABLE eset_incident_detections (
  detection_uuid TEXT    NOT NULL,
  incident_id    INTEGER NOT NULL REFERENCES eset_incidents (id) ON DELETE CASCADE,
  PRIMARY KEY (detection_uuid, incident_id)
) WITHOUT ROWID;
CREATE INDEX eset_incident_detections_by_incident ON eset_incident_detections (incident_id);

CREATE TABLE eset_comments (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT    NOT NULL UNIQUE,
  incident_id      INTEGER NOT NULL REFERENCES eset_incidents (id) ON DELETE CASCADE,
  text             TEXT    NOT NULL,
  author_uuid      TEXT    NOT NULL DEFAULT '',
  is_final_comment INTEGER NOT NULL DEFAULT 0,
  create_time      INTEGER NOT NULL,
  update_time      INTEGER NOT NULL
);
CREATE INDEX eset_comments_by_incident ON eset_comments (incident_id, create_time, uuid);

CREATE TABLE eset_users (
  uuid          TEXT NOT NULL PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  display_name  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Issued tokens, by SHA-256 of the token (a leaked database file holds no usable token).
CREATE TABLE oauth_tokens (
  token_hash TEXT    NOT NULL PRIMARY KEY,
  api        TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
  subject    TEXT    NOT NULL,
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) WITHOUT ROWID;
CREATE INDEX oauth_tokens_by_expiry ON oauth_tokens (expires_at);
`,
  },
  {
    version: 2,
    description: 'Adversarial incident register: organisation, sources, users, service accounts, tags, incidents, comments',
    sql: `
-- Times are epoch milliseconds (UTC). Status is its index in enums.ts (New < In Progress <
-- Review < Closed), severity the n of SEV-n, threat objectives and relevance their index.
CREATE TABLE adv_organisations (
  id   TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE adv_sources (
  name     TEXT    NOT NULL PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE adv_users (
  id         TEXT    NOT NULL PRIMARY KEY,
  first_name TEXT    NOT NULL,
  last_name  TEXT    NOT NULL,
  email      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  icon       TEXT,
  active     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE adv_service_accounts (
  client_id   TEXT NOT NULL PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('Editor', 'Incident Editor', 'Risk Editor')),
  user_id     TEXT NOT NULL REFERENCES adv_users (id)
) WITHOUT ROWID;

CREATE TABLE adv_tags (
  id         TEXT NOT NULL PRIMARY KEY,
  content    TEXT NOT NULL UNIQUE,
  creator_id TEXT NOT NULL,
  org_id     TEXT
) WITHOUT ROWID;

-- AUTOINCREMENT: a deleted incident's number (INC-00042) is never given to another one.
CREATE TABLE adv_incidents (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  title              TEXT    NOT NULL,
  description        TEXT    NOT NULL,
  status             INTEGER NOT NULL,
  severity           INTEGER,
  severity_reasoning TEXT,
  source             TEXT,
  assigned_to        TEXT    REFERENCES adv_users (id),
  opened_by          TEXT    REFERENCES adv_users (id),
  created_date       INTEGER NOT NULL,
  updated_date       INTEGER NOT NULL,
  detected_date      INTEGER NOT NULL,
  occurred_date      INTEGER,
  responded_date     INTEGER,
  contained_date     INTEGER
);
CREATE INDEX adv_incidents_by_created ON adv_incidents (created_date, id);
CREATE INDEX adv_incidents_by_updated ON adv_incidents (updated_date, id);
CREATE INDEX adv_incidents_by_detected ON adv_incidents (detected_date, id);
CREATE INDEX adv_incidents_by_status ON adv_incidents (status, created_date, id);
CREATE INDEX adv_incidents_by_severity ON adv_incidents (severity, created_date, id);
CREATE INDEX adv_incidents_by_assignee ON adv_incidents (assigned_to, created_date, id);
CREATE INDEX adv_incidents_by_opener ON adv_incidents (opened_by, created_date, id);
CREATE INDEX adv_incidents_by_source ON adv_incidents (source, created_date, id);

CREATE TABLE adv_incident_tags (
  incident_id INTEGER NOT NULL REFERENCES adv_incidents (id) ON DELETE CASCADE,
  tag_id      TEXT    NOT NULL REFERENCES adv_tags (id),
  PRIMARY KEY (incident_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX adv_incident_tags_by_tag ON adv_incident_tags (tag_id, incident_id);

CREATE TABLE adv_incident_threat_objectives (
  incident_id      INTEGER NOT NULL REFERENCES adv_incidents (id) ON DELETE CASCADE,
  threat_objective INTEGER NOT NULL,
  relevance        INTEGER,
  created_date     INTEGER,
  PRIMARY KEY (incident_id, threat_objective)
) WITHOUT ROWID;
CREATE INDEX adv_incident_threat_objectives_by_objective ON adv_incident_threat_objectives (threat_objective, incident_id);

CREATE TABLE adv_incident_risks (
  incident_id INTEGER NOT NULL REFERENCES adv_incidents (id) ON DELETE CASCADE,
  risk_id     TEXT    NOT NULL,
  PRIMARY KEY (incident_id, risk_id)
) WITHOUT ROWID;

-- A rowid table: comments written in the same millisecond list in the order they were written.
CREATE TABLE adv_comments (
  id           TEXT    NOT NULL PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES adv_incidents (id) ON DELETE CASCADE,
  value        TEXT    NOT NULL,
  user_id      TEXT    REFERENCES adv_users (id),
  created_date INTEGER NOT NULL,
  updated_date INTEGER NOT NULL
);
CREATE INDEX adv_comments_by_incident ON adv_comments (incident_id, created_date);
`,
  },
  {
    version: 3,
    description: 'ESET users that may only read',
    sql: `ALTER TABLE eset_users ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;`,
  },
];
