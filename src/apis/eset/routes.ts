/**
 * ESET Connect v2 incident routes. Thin: validated input in, a repository or use-case call, the
 * mapper out. Errors are ApiErrors; the error handler gives them ESET's empty-bodied shape.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { esetBearerAuth } from '../../auth/eset-bearer.js';
import { invalidArgument, notFound } from '../../errors.js';
import { IncidentLister, type ListParameters } from './list-incidents.js';
import { incidentToWire, listPageJson } from './mapper.js';
import { esetResponses } from './responses.js';
import {
  ESET_SHARED_SCHEMAS,
  IncidentPathParams,
  LIST_QUERY_ALIASES,
  ListIncidentsQuery,
  type ListIncidentsQueryWire,
} from './schemas.js';

const security = [{ Bearer: [] }];

/** Merges the snake_case spellings into the documented names; both, differing, is a 400. */
function listParameters(query: ListIncidentsQueryWire): ListParameters {
  const merged: Record<string, unknown> = { ...query };
  for (const [snake, camel] of Object.entries(LIST_QUERY_ALIASES)) {
    const value = merged[snake];
    if (value === undefined) continue;
    if (merged[camel] !== undefined && merged[camel] !== value) {
      throw invalidArgument(`query parameters ${camel} and ${snake} disagree: send one of them`);
    }
    merged[camel] = value;
  }
  return {
    filter: (merged.filter as string | undefined) ?? '',
    orderBy: (merged.orderBy as string | undefined) ?? '',
    pageSize: (merged.pageSize as number | undefined) ?? 0,
    pageToken: (merged.pageToken as string | undefined) ?? '',
  };
}

export async function esetIncidentRoutes(app: FastifyInstance): Promise<void> {
  for (const schema of ESET_SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(fp(esetBearerAuth, { name: 'eset-bearer-auth' }));
  const lister = new IncidentLister(app.pageTokens);

  app.get<{ Querystring: ListIncidentsQueryWire }>('/v2/incidents', {
    schema: {
      operationId: 'Incidents_ListIncidents',
      summary: 'List incidents',
      description: 'Incidents matching the CEL filter, in orderBy order, a page at a time.',
      tags: ['Incidents'],
      security,
      querystring: ListIncidentsQuery,
      response: esetResponses('v2ListIncidentsResponse', 'A page of incidents.'),
    },
  }, async (request, reply) => {
    const page = lister.list(request.dataset.esetIncidents, listParameters(request.query));
    // The items are stored as ready JSON (see the repository): sent as text, not re-serialized.
    return reply.type('application/json; charset=utf-8').send(listPageJson(page.items, page.nextPageToken));
  });

  app.get<{ Params: { incidentUuid: string } }>('/v2/incidents/:incidentUuid', {
    schema: {
      operationId: 'Incidents_GetIncident',
      summary: 'Get incident',
      description: 'One incident, with its device and detection uuids.',
      tags: ['Incidents'],
      security,
      params: IncidentPathParams,
      response: esetResponses('v2GetIncidentResponse', 'The incident.'),
    },
  }, async (request) => {
    const incident = request.dataset.esetIncidents.get(request.params.incidentUuid);
    if (!incident) throw notFound(`incident '${request.params.incidentUuid}' does not exist`);
    return { incident: incidentToWire(incident, true) };
  });
}
