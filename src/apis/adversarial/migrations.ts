/**
 * Adversarial's tables in every dataset. Append new migrations; never edit one that has shipped.
 */
import type { Migration } from '../../store/schema.js';

export const ADVERSARIAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'Adversarial incident register: organisation, sources, users, service accounts, tags, incidents, comments',
    legacyVersion: 2,
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
];
