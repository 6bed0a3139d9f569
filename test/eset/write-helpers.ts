/** Shared pieces of the ESET write tests: a caller, fixture lookups, raw row snapshots. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { COMMENTS_BY_INCIDENT, FIXTURE, INCIDENTS, type FixtureIncident } from './fixture-oracle.js';

export const DEFAULT_USER_UUID = FIXTURE.users.find((u) => u.username === 'emulator@example.com')!.uuid;
export const OTHER_USER_UUID = FIXTURE.users.find((u) => u.username !== 'emulator@example.com')!.uuid;

export const withStatus = (status: string): FixtureIncident => {
  const found = INCIDENTS.find((i) => i.status === `INCIDENT_STATUS_${status}`);
  if (!found) throw new Error(`the fixture has no ${status} incident`);
  return found;
};

export const withComments = (): FixtureIncident => INCIDENTS.find((i) => (COMMENTS_BY_INCIDENT.get(i.uuid) ?? []).length >= 2)!;

/** A client bound to one token: `call('POST', url, body)`. */
export function esetClient(app: FastifyInstance, token: string) {
  return (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}

export const reason = (response: LightMyRequestResponse) => String(response.headers['x-emulator-reason']);

/** Every stored row that belongs to an incident, as SQLite holds it: for byte-for-byte comparisons. */
export function rawRows(app: FastifyInstance, incidentUuid: string, tenant = 'default'): unknown {
  const db = app.datasets.get(tenant).db;
  const incident = db.prepare('SELECT * FROM eset_incidents WHERE uuid = ?').get(incidentUuid) as { id: number };
  const byIncident = (table: string) => db.prepare(`SELECT * FROM ${table} WHERE incident_id = ? ORDER BY 1, 2`).all(incident.id);
  return {
    incident,
    comments: byIncident('eset_comments'),
    tags: byIncident('eset_incident_tags'),
    devices: byIncident('eset_incident_devices'),
    detections: byIncident('eset_incident_detections'),
  };
}
