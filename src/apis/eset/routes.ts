/**
 * ESET Connect v2 incident routes. Thin: validated input in, a repository or use-case call, the
 * mapper out. Errors are ApiErrors; the error handler gives them ESET's empty-bodied shape.
 */
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { schemaRef } from '../../openapi/schema-ref.js';
import { esetBearerAuth } from './bearer.js';
import { invalidArgument, notFound } from '../../errors.js';
import { commentRoutes } from './comment-routes.js';
import { closeIncident, reopenIncident, updateBasicAttributes } from './incident-writes.js';
import { sendKeptAnswer } from '../../plugins/kept-answer.js';
import { IncidentLister, type ListParameters } from './list-incidents.js';
import { incidentToWire, listPageJson } from './mapper.js';
import { esetResponses } from './responses.js';
import { INCIDENT_ID_BEFORE_VERB, WRITES, requireWritePermission, security, writeContext } from './route-support.js';
import {
  CloseIncidentBody,
  IncidentPathParams,
  LIST_QUERY_ALIASES,
  ListIncidentsQuery,
  ReopenIncidentBody,
  UpdateIncidentBasicAttributesBody,
  type ListIncidentsQueryWire,
} from './schemas.js';
import { esetStore } from './store.js';

const ID = INCIDENT_ID_BEFORE_VERB;

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

export async function esetIncidentRoutes(scope: FastifyInstance): Promise<void> {
  // Handlers are typed from the schemas that validate their input.
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(fp(esetBearerAuth, { name: 'eset-bearer-auth' }));
  // After the fault hook (a faulted write is a fault, whoever sends it), before validation.
  app.addHook('preValidation', requireWritePermission);
  const lister = new IncidentLister(app.pageTokens);
  await app.register(commentRoutes);

  app.get('/incidents', {
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
    // A page's rows are kept until the data changes; its token is made for each request.
    const page = await lister.list(esetStore(request.dataset).incidents, listParameters(request.query), (key, compute, sizeOf) =>
      app.readCache.read(request.dataset, key, compute, sizeOf),
    );
    // The items are stored as ready JSON (see the repository): sent as text, not re-serialized.
    return reply.type('application/json; charset=utf-8').send(listPageJson(page.items, page.nextPageToken));
  });

  app.get('/incidents/:incidentUuid', {
    schema: {
      operationId: 'Incidents_GetIncident',
      summary: 'Get incident',
      description: 'One incident, with its device and detection uuids.',
      tags: ['Incidents'],
      security,
      params: IncidentPathParams,
      response: esetResponses('v2GetIncidentResponse', 'The incident.'),
    },
  }, async (request, reply) =>
    sendKeptAnswer(request, reply, `eset incident ${request.params.incidentUuid}`, () => {
      const incident = esetStore(request.dataset).incidents.get(request.params.incidentUuid);
      if (!incident) throw notFound(`incident '${request.params.incidentUuid}' does not exist`);
      return { incident: incidentToWire(incident, true) };
    }),
  );

  app.post(
    `/incidents/${ID}/basic-attributes::update`,
    {
      config: WRITES,
      schema: {
        operationId: 'Incidents_UpdateIncidentBasicAttributes',
        summary: 'Update incident basic attributes',
        description: 'Changes the fields named in updateMask (assigneeUuid, description, displayName, severity), and only those.',
        tags: ['Incidents'],
        security,
        params: IncidentPathParams,
        body: schemaRef(UpdateIncidentBasicAttributesBody),
        response: esetResponses('v2UpdateIncidentBasicAttributesResponse', 'The incident as it is now.'),
      },
    },
    async (request) => {
      const incident = updateBasicAttributes(writeContext(request), request.params.incidentUuid, request.body);
      return { incident: incidentToWire(incident, true) };
    },
  );

  app.post(`/incidents/${ID}::close`, {
    config: WRITES,
    schema: {
      operationId: 'Incidents_CloseIncident',
      summary: 'Close incident',
      description: 'Closes the incident with a closure reason and an optional final comment.',
      tags: ['Incidents'],
      security,
      params: IncidentPathParams,
      body: schemaRef(CloseIncidentBody),
      response: esetResponses('v2CloseIncidentResponse', 'Closed.'),
    },
  }, async (request) => {
    closeIncident(writeContext(request), request.params.incidentUuid, request.body);
    return {};
  });

  app.post(`/incidents/${ID}::reopen`, {
    config: WRITES,
    schema: {
      operationId: 'Incidents_ReopenIncident',
      summary: 'Reopen incident',
      description: 'Opens a closed (or in-progress) incident again, with an optional comment; the assignee is kept.',
      tags: ['Incidents'],
      security,
      params: IncidentPathParams,
      body: schemaRef(ReopenIncidentBody),
      response: esetResponses('v2ReopenIncidentResponse', 'Reopened.'),
    },
  }, async (request) => {
    reopenIncident(writeContext(request), request.params.incidentUuid, request.body);
    return {};
  });
}
