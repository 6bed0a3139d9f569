/**
 * Adversarial v1 routes. Thin: validated input in, a repository or use-case call, the mapper out.
 * Registered twice, under /api/v1 (documented: clients configure the base URL with /api) and
 * /v1. Errors are ApiErrors; the service's error shape renders them (errors.ts).
 */
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { schemaRef } from '../../openapi/schema-ref.js';
import { adversarialBearerAuth, adversarialPrincipal, requireIncidentRights } from './bearer.js';
import { commentRoutes } from './comment-routes.js';
import { notFound } from '../../errors.js';
import { INCIDENT_NOT_FOUND, createIncident, deleteIncident, updateIncidents } from './incident-writes.js';
import { sendKeptAnswer } from '../../plugins/kept-answer.js';
import { ListIncidentsQuery, normaliseListQuery, toListQuery, withDefaults } from './list-query.js';
import { incidentToWire, registerRowToWire, userToWire } from './mapper.js';
import { adversarialResponses } from './responses.js';
import { INCIDENT_TAGS, pathIncidentId, security, writeContext } from './route-support.js';
import {
  CreateIncidentRequest,
  INFERRED,
  IncidentPathParams,
  UpdateIncidentRequest,
  UpdateManyIncidentsRequest,
  type ListIncidentsResponseWire,
} from './schemas.js';
import { adversarialStore } from './store.js';

export async function adversarialRoutes(scope: FastifyInstance, { documented }: { documented: boolean }): Promise<void> {
  // Handlers are typed from the schemas that validate their input.
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  await app.register(fp(adversarialBearerAuth, { name: 'adversarial-bearer-auth' }));
  const hide = !documented;

  app.get('/users/me', {
    schema: {
      hide,
      operationId: 'get_current_user',
      summary: 'The caller',
      description: 'The user the calling service account acts as.',
      tags: ['Users'],
      security,
      response: adversarialResponses(200, 'The user.', 'User'),
    },
  }, async (request) => userToWire(adversarialStore(request.dataset).accounts.user(adversarialPrincipal(request).userId)!));

  await app.register(async (plain) => {
    const incidents = plain.withTypeProvider<TypeBoxTypeProvider>();
    incidents.addHook('onRequest', requireIncidentRights);

    incidents.get('/incidents/sources', {
      schema: {
        hide,
        operationId: 'list_incident_sources',
        summary: 'Incident sources',
        description: "The organisation's incident sources: what `source` may be.",
        tags: INCIDENT_TAGS,
        security,
        response: adversarialResponses(200, 'The sources.', 'IncidentSources', { incidentRights: true }),
      },
    }, async (request) => ({ sources: adversarialStore(request.dataset).accounts.sources() }));

    incidents.get('/incidents', {
      schema: {
        hide,
        operationId: 'list_paginated_incidents',
        summary: 'List incidents',
        description:
          'A page of register rows matching every given filter (any value of a list). Lists may be repeated keys or comma lists, with or without [].',
        tags: INCIDENT_TAGS,
        security,
        querystring: ListIncidentsQuery,
        response: adversarialResponses(200, 'A page of incidents.', 'ListIncidentsResponse', { incidentRights: true }),
      },
      preValidation: async (request) => {
        request.query = normaliseListQuery(request.query as unknown as Record<string, string | string[]>) as never;
      },
    }, async (request, reply) =>
      // The page depends on the query and the data only (the caller's rights were checked before).
      sendKeptAnswer(request, reply, `adversarial incidents ${request.url}`, (): ListIncidentsResponseWire => {
        const parameters = withDefaults(request.query);
        const store = adversarialStore(request.dataset);
        const query = toListQuery(parameters, () => store.accounts.sources());
        const { views, total } = store.incidents.list(query);
        const rows = views.map(registerRowToWire);
        const { page, page_size } = parameters;
        const totalPages = Math.ceil(total / page_size);
        return { incidents: rows, results: rows, pagination: { page, page_size, total, total_pages: totalPages, has_next: page < totalPages } };
      }),
    );

    incidents.post('/incidents', {
      schema: {
        hide,
        operationId: 'create_incident',
        summary: 'Create an incident',
        description: 'Answers the bare Incident with its new id.',
        tags: INCIDENT_TAGS,
        security,
        body: schemaRef(CreateIncidentRequest),
        response: adversarialResponses(201, 'The new incident (201 is inferred).', 'Incident', { body: true, incidentRights: true }),
      },
    }, async (request, reply) => {
      const view = createIncident(writeContext(request), request.body);
      return reply.code(201).send(incidentToWire(view.incident, view.assignedTo, view.openedBy));
    });

    incidents.patch('/incidents', {
      schema: {
        hide,
        operationId: 'patch_many_incidents',
        summary: "Update many incident's editable fields, given a list of incident IDs",
        description: 'All or nothing: one unknown id or bad field changes nothing. Duplicate ids are harmless.',
        tags: INCIDENT_TAGS,
        security,
        body: schemaRef(UpdateManyIncidentsRequest),
        response: adversarialResponses(200, 'Incidents updated, in the order of `ids`.', 'UpdateManyIncidentsResponse', {
          body: true,
          incidentRights: true,
          notFound: true,
        }),
      },
    }, async (request) => {
      const { ids = [], tag_operation: tagOperation, ...body } = request.body;
      const views = updateIncidents(writeContext(request), ids, body, tagOperation ?? 'Replace');
      return { incidents: views.map(registerRowToWire) };
    });

    incidents.get('/incidents/:id', {
      schema: {
        hide,
        operationId: 'get_incident',
        summary: 'Get an incident',
        tags: INCIDENT_TAGS,
        security,
        params: IncidentPathParams,
        response: adversarialResponses(200, 'The register row.', 'RegisterRow', { incidentRights: true, notFound: true }),
      },
    }, async (request) => {
      const [view] = adversarialStore(request.dataset).incidents.views([pathIncidentId(request)]);
      if (!view) throw notFound(INCIDENT_NOT_FOUND);
      return registerRowToWire(view);
    });

    incidents.patch('/incidents/:id', {
      schema: {
        hide,
        operationId: 'patch_incident',
        summary: "Update an incident's editable fields",
        description: 'Absent fields are unchanged; null clears one. Tags are replaced.',
        tags: INCIDENT_TAGS,
        security,
        params: IncidentPathParams,
        body: schemaRef(UpdateIncidentRequest),
        response: adversarialResponses(200, 'The register row.', 'RegisterRow', { body: true, incidentRights: true, notFound: true }),
      },
    }, async (request) => {
      const [view] = updateIncidents(writeContext(request), [String(pathIncidentId(request))], request.body, 'Replace');
      return registerRowToWire(view!);
    });

    incidents.delete('/incidents/:id', {
      schema: {
        hide,
        operationId: 'delete_incident',
        summary: 'Delete an incident',
        description: 'With its comments and relations. Its number is never given to another incident.',
        tags: INCIDENT_TAGS,
        security,
        params: IncidentPathParams,
        response: adversarialResponses(204, 'Deleted.', null, { incidentRights: true, notFound: true }),
        ...INFERRED,
      },
    }, async (request, reply) => {
      deleteIncident(writeContext(request), pathIncidentId(request));
      return reply.code(204).send();
    });

    await incidents.register(commentRoutes, { documented });
  });
}
