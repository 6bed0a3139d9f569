import type { FastifyInstance } from 'fastify';
import type { FixtureIncident } from './fixture-oracle.js';

export interface ListBody {
  incidents: FixtureIncident[];
  nextPageToken: string;
}

/** Walks every page of a list; fails on a non-200 or a runaway loop. */
export async function listAll(app: FastifyInstance, token: string, query: Record<string, string>): Promise<FixtureIncident[]> {
  const all: FixtureIncident[] = [];
  let pageToken = '';
  for (let page = 0; page < 1000; page++) {
    const response = await app.inject({
      method: 'GET',
      url: '/v2/incidents',
      query: { ...query, pageToken },
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.statusCode !== 200) {
      throw new Error(`list ${JSON.stringify(query)} → ${response.statusCode} ${String(response.headers['x-emulator-reason'])}`);
    }
    const body = response.json() as ListBody;
    all.push(...body.incidents);
    if (body.nextPageToken === '') return all;
    pageToken = body.nextPageToken;
  }
  throw new Error('paging did not end');
}
