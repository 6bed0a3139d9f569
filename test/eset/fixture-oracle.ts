/**
 * The default ESET fixture read straight from its JSON file, so that tests compute the expected
 * answer of a filter or an order independently of the SQL the emulator runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';

export interface FixtureIncident {
  uuid: string;
  displayName: string;
  description: string;
  assigneeUuid: string;
  createTime: string;
  updateTime: string;
  severity: string;
  status: string;
  resolveReason: string;
  metrics: { deviceCount: number; executableCount: number; processCount: number };
  triageDuration: string;
  responseDuration: string;
  tags: string[];
  deviceUuids: string[];
  detectionUuids: string[];
}

export interface FixtureComment {
  uuid: string;
  text: string;
  authorUuid: string;
  isFinalComment: boolean;
  createTime: string;
  updateTime: string;
}

export const FIXTURE = JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, 'eset.json'), 'utf8')) as {
  users: Array<{ uuid: string; username: string; password: string }>;
  incidents: Array<FixtureIncident & { comments?: FixtureComment[] }>;
};

/** The incidents as the API shows them (the fixture nests comments, the API serves them apart). */
export const INCIDENTS: FixtureIncident[] = FIXTURE.incidents.map(({ comments: _comments, ...incident }) => incident);

export const COMMENTS_BY_INCIDENT = new Map(FIXTURE.incidents.map((i) => [i.uuid, i.comments ?? []]));

export const SEVERITY_RANK: Record<string, number> = {
  INCIDENT_SEVERITY_LEVEL_UNSPECIFIED: 0,
  INCIDENT_SEVERITY_LEVEL_LOW: 1,
  INCIDENT_SEVERITY_LEVEL_MEDIUM: 2,
  INCIDENT_SEVERITY_LEVEL_HIGH: 3,
};

export const time = (text: string) => Date.parse(text);

export const uuidsWhere = (predicate: (incident: FixtureIncident) => boolean) =>
  INCIDENTS.filter(predicate).map((incident) => incident.uuid).sort();
