/**
 * Adversarial v1 routes. Thin: validated input in, a repository or use-case call, the mapper out.
 * Registered twice, under /api (documented: clients configure the base URL with /api) and
 * without it. Errors are ApiErrors; the error handler gives them the framework's body shapes.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { adversarialBearerAuth, adversarialPrincipal, requireIncidentRights } from '../../auth/adversarial-bearer.js';
import { notFound } from '../../errors.js';
import { parseIncidentId } from './enums.js';
import { INCIDENT_NOT_FOUND, addComment, createIncident, deleteIncident, updateIncidents, type WriteContext } from './incident-writes.js';
import { ListIncidentsQuery, normaliseListQuery, toListQuery, type ListIncidentsQueryWire } from './list-query.js';
import { commentToWire, incidentToWire, registerRowToWire, userToWire } from './mapper.js';
import { adversarialResponses } from './responses.js';
import {
  INFERRED,
  IncidentPathParams,
  type CreateCommentBody,
  type CreateIncidentBody,
  type ListIncidentsResponseWire,
  type UpdateIncidentBody,
  type UpdateManyIncidentsBody,
} from './schemas.js';

const security: Array<Record<string, string[]>> = [{ OAuth2: [] }, { Bearer: [] }];
const incidentTags = ['Incidents'];

type IdParams = { Params: { id: string } };

/** The row id of a path id (42 or INC-00042); anything else names no incident. */
function pathIncidentId(request: FastifyRequest<IdParams>): number {
  const id = parseIncidentId(request.params.id);
  if (id === undefined) throw notFound(INCIDENT_NOT_FOUND);
  return id;
}

export async function adversarialRoutes(app: FastifyInstance, { documented }: { documented: boolean }): Promise<void> {
  await app.register(fp(adversarialBearerAuth, { name: 'adversarial-bearer-auth' }));
  const hide = !documented;
  const writeContext = (request: FastifyRequest): WriteContext => ({
    dataset: request.dataset,
    now: app.clock.now(),
    userId: adversarialPrincipal(request).userId,
  });

  app.get('/v1/users/me', {
    schema: {
      hide,
      operationId: 'get_current_user',
      summary: 'The caller',
      description: 'The user the calling service account acts as.',
      tags: ['Users'],
      security,
      response: adversarialResponses(200, 'The user.', 'User'),
    },
  }, async (request) => userToWire(request.dataset.adversarialAccounts.user(adversarialPrincipal(request).userId)!));

  await app.register(async (incidents) => {
    incidents.addHook('onRequest', requireIncidentRights);

    incidents.get('/v1/incidents/sources', {
      schema: {
        hide,
        operationId: 'list_incident_sources',
        summary: 'Incident sources',
        description: "The organisation's incident sources: what `source` may be.",
        tags: incidentTags,
        security,
        response: adversarialResponses(200, 'The sources.', 'IncidentSources', { incidentRights: true }),
      },
    }, async (request) => ({ sources: request.dataset.adversarialAccounts.sources() }));

    incidents.get<{ Querystring: ListIncidentsQueryWire }>('/v1/incidents', {
      schema: {
        hide,
        operationId: 'list_paginated_incidents',
        summary: 'List incidents',
        description:
          'A page of register rows matching every given filter (any value of a list). Lists may be repeated keys or comma lists, with or without [].',
        tags: incidentTags,
        security,
        querystring: ListIncidentsQuery,
        response: adversarialResponses(200, 'A page of incidents.', 'ListIncidentsResponse', { incidentRights: true }),
      },
      preValidation: async (request) => {
        request.query = normaliseListQuery(request.query as unknown as Record<string, string | string[]>) as never;
      },
    }, async (request): Promise<ListIncidentsResponseWire> => {
      const query = toListQuery(request.query, request.dataset.adversarialAccounts.sources());
      const { views, total } = request.dataset.adversarialIncidents.list(query);
      const rows = views.map(registerRowToWire);
      const { page, page_size } = request.query;
      const totalPages = Math.ceil(total / page_size);
      return { incidents: rows, results: rows, pagination: { page, page_size, total, total_pages: totalPages, has_next: page < totalPages } };
    });

    incidents.post<{ Body: CreateIncidentBody }>('/v1/incidents', {
      schema: {
        hide,
        operationId: 'create_incident',
        summary: 'Create an incident',
        description: 'Answers the bare Incident with its new id.',
        tags: incidentTags,
        security,
        body: { $ref: 'CreateIncidentRequest#' },
        response: adversarialResponses(201, 'The new incident (201 is inferred).', 'Incident', { body: true, incidentRights: true }),
      },
    }, async (request, reply) => {
      const view = createIncident(writeContext(request), request.body);
      return reply.code(201).send(incidentToWire(view.incident, view.assignedTo, view.openedBy));
    });

    incidents.patch<{ Body: UpdateManyIncidentsBody }>('/v1/incidents', {
      schema: {
        hide,
        operationId: 'patch_many_incidents',
        summary: "Update many incident's editable fields, given a list of incident IDs",
        description: 'All or nothing: one unknown id or bad field changes nothing. Duplicate ids are harmless.',
        tags: incidentTags,
        security,
        body: { $ref: 'UpdateManyIncidentsRequest#' },
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

    incidents.get<IdParams>('/v1/incidents/:id', {
      schema: {
        hide,
        operationId: 'get_incident',
        summary: 'Get an incident',
        tags: incidentTags,
        security,
        params: IncidentPathParams,
        response: adversarialResponses(200, 'The register row.', 'RegisterRow', { incidentRights: true, notFound: true }),
      },
    }, async (request) => {
      const [view] = request.dataset.adversarialIncidents.views([pathIncidentId(request)]);
      if (!view) throw notFound(INCIDENT_NOT_FOUND);
      return registerRowToWire(view);
    });

    incidents.patch<IdParams & { Body: UpdateIncidentBody }>('/v1/incidents/:id', {
      schema: {
        hide,
        operationId: 'patch_incident',
        summary: "Update an incident's editable fields",
        description: 'Absent fields are unchanged; null clears one. Tags are replaced.',
        tags: incidentTags,
        security,
        params: IncidentPathParams,
        body: { $ref: 'UpdateIncidentRequest#' },
        response: adversarialResponses(200, 'The register row.', 'RegisterRow', { body: true, incidentRights: true, notFound: true }),
      },
    }, async (request) => {
      const [view] = updateIncidents(writeContext(request), [String(pathIncidentId(request))], request.body, 'Replace');
      return registerRowToWire(view!);
    });

    incidents.delete<IdParams>('/v1/incidents/:id', {
      schema: {
        hide,
        operationId: 'delete_incident',
        summary: 'Delete an incident',
        description: 'With its comments and relations. Its number is never given to another incident.',
        tags: incidentTags,
        security,
        params: IncidentPathParams,
        response: adversarialResponses(204, 'Deleted.', null, { incidentRights: true, notFound: true }),
        ...INFERRED,
      },
    }, async (request, reply) => {
      deleteIncident(writeContext(request), pathIncidentId(request));
      return reply.code(204).send();
    });

    incidents.get<IdParams>('/v1/incidents/:id/comments', {
      schema: {
        hide,
        operationId: 'list_incident_comments',
        summary: "An incident's comments",
        description: 'Oldest first.',
        tags: incidentTags,
        security,
        params: IncidentPathParams,
        response: adversarialResponses(200, 'The comments.', 'CommentList', { incidentRights: true, notFound: true }),
      },
    }, async (request) => {
      const id = pathIncidentId(request);
      const incidentsRepository = request.dataset.adversarialIncidents;
      if (!incidentsRepository.exists(id)) throw notFound(INCIDENT_NOT_FOUND);
      return { comments: incidentsRepository.comments(id).map(commentToWire) };
    });

    incidents.post<IdParams & { Body: CreateCommentBody }>('/v1/incidents/:id/comments', {
      schema: {
        hide,
        operationId: 'create_incident_comment',
        summary: 'Comment on an incident',
        tags: incidentTags,
        security,
        params: IncidentPathParams,
        body: { $ref: 'CreateCommentRequest#' },
        response: adversarialResponses(201, 'The new comment.', 'Comment', { body: true, incidentRights: true, notFound: true }),
        ...INFERRED,
      },
    }, async (request, reply) => {
      const comment = addComment(writeContext(request), pathIncidentId(request), request.body.value);
      return reply.code(201).send(commentToWire(comment));
    });
  });
}
