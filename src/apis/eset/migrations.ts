/**
 * ESET's tables in every dataset. Append new migrations; never edit one that has shipped.
 */
import { redefineTable, type Migration } from '../../store/schema.js';

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

/**
 * Columns whose (column, uuid) index of migration 1 serves filters only: lists cannot be ordered
 * by their size, and durations are ordered by coalesce(…, -1), which a plain index does not serve.
 */
const FILTER_ONLY_COLUMNS = ['triage_seconds', 'response_seconds', 'tag_count', 'device_uuid_count', 'detection_uuid_count'];

/** A membership table rebuilt with (incident_id, value) as its key and an index by value, its rows kept. */
const membershipByIncident = (table: string, column: string, indexSuffix: string) => `
CREATE TABLE ${table}_by_incident_first (
  incident_id INTEGER NOT NULL REFERENCES eset_incidents (id) ON DELETE CASCADE,
  ${column} TEXT NOT NULL,
  PRIMARY KEY (incident_id, ${column})
) WITHOUT ROWID;
INSERT INTO ${table}_by_incident_first (incident_id, ${column}) SELECT incident_id, ${column} FROM ${table} ORDER BY incident_id, ${column};
DROP TABLE ${table};
ALTER TABLE ${table}_by_incident_first RENAME TO ${table};
CREATE INDEX ${table}_by_${indexSuffix} ON ${table} (${column});`;

/** A table's definition with its uuid column no longer UNIQUE (migration 6). */
const uuidNotUnique = (definition: string) => definition.replace(/(\buuid\s+TEXT\s+NOT NULL)\s+UNIQUE/, '$1');

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
  {
    version: 4,
    description: 'ESET membership tables keyed by incident first',
    // An incident's rows are written together, after the incident: keyed by incident first they
    // append, where keyed by value they land all over the tree (a bulk load had to sort them
    // first, and then build the index by incident as a second sort). The index by value serves
    // "x in list" as the key did.
    sql: [
      membershipByIncident('eset_incident_tags', 'tag', 'tag'),
      membershipByIncident('eset_incident_devices', 'device_uuid', 'device'),
      membershipByIncident('eset_incident_detections', 'detection_uuid', 'detection'),
    ].join('\n'),
  },
  {
    version: 5,
    description: 'ESET indexes that serve only filters keyed by their column alone',
    // The uuid that ends a sort index is dead weight here: a string comparison per tie when the
    // index is built (half its cost), 37 bytes an entry. Range filters use them as before.
    sql: FILTER_ONLY_COLUMNS.map((column) => `DROP INDEX eset_incidents_by_${column};
CREATE INDEX eset_incidents_by_${column} ON eset_incidents (${column});`).join('\n'),
  },
  {
    version: 6,
    description: 'ESET uuids unique through indexes a bulk load can build after its rows',
    // A UNIQUE column keeps its index up to date row by row, and uuids are random: inserting
    // 100,000 generated incidents and their comments took 1.2-1.4 s with them, 0.5 s without and
    // 0.25-0.3 s more to build both unique indexes after the rows, as the bulk load builds every
    // index it can drop (store/bulk-load.ts). The constraint is the same; only its index is named.
    sql: '',
    foreignKeysOff: true,
    run: (db) => {
      redefineTable(db, 'eset_incidents', uuidNotUnique);
      db.exec('CREATE UNIQUE INDEX eset_incidents_by_uuid ON eset_incidents (uuid);');
      redefineTable(db, 'eset_comments', uuidNotUnique);
      db.exec('CREATE UNIQUE INDEX eset_comments_by_uuid ON eset_comments (uuid);');
    },
  },
];
