/**
 * ESET's tables in every dataset. Append new migrations; never edit one that has shipped.
 */
import type { Migration } from '../../store/schema.js';

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

export const ESET_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'ESET incidents, their lists, comments and users',
    legacyVersion: 1,
    sql: `
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
`,
  },
  {
    version: 2,
    description: 'ESET users that may only read',
    legacyVersion: 3,
    sql: `ALTER TABLE eset_users ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 3,
    description: 'ESET time orders carry status and severity',
    // A page in time order with a status or severity filter (the usual "open, medium and above,
    // newest first") is then filtered within the index: only the rows of the page are read.
    sql: `
DROP INDEX eset_incidents_by_create_time;
CREATE INDEX eset_incidents_by_create_time ON eset_incidents (create_time, uuid, status, severity);
DROP INDEX eset_incidents_by_update_time;
CREATE INDEX eset_incidents_by_update_time ON eset_incidents (update_time, uuid, status, severity);`,
  },
];
