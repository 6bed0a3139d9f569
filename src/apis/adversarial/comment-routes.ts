/**
 * Adversarial's comment routes: list and add, under an incident. Thin, as the incident routes
 * (routes.ts registers them in its scope, after the incident-rights check).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { schemaRef } from '../../openapi/schema-ref.js';
import { notFound } from '../../errors.js';
import { INCIDENT_NOT_FOUND, addComment } from './incident-writes.js';
import { commentToWire } from './mapper.js';
import { adversarialResponses } from './responses.js';
import { INCIDENT_TAGS, pathIncidentId, security, writeContext } from './route-support.js';
import { CreateCommentRequest, INFERRED, IncidentPathParams } from './schemas.js';
import { adversarialStore } from './store.js';

export async function commentRoutes(scope: FastifyInstance, { documented }: { documented: boolean }): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const hide = !documented;

  app.get('/incidents/:id/comments', {
    schema: {
      hide,
      operationId: 'list_incident_comments',
      summary: "An incident's comments",
      description: 'Oldest first.',
      tags: INCIDENT_TAGS,
      security,
      params: IncidentPathParams,
      response: adversarialResponses(200, 'The comments.', 'CommentList', { incidentRights: true, notFound: true }),
    },
  }, async (request) => {
    const id = pathIncidentId(request);
    const { incidents, comments } = adversarialStore(request.dataset);
    if (!incidents.exists(id)) throw notFound(INCIDENT_NOT_FOUND);
    return { comments: comments.list(id).map(commentToWire) };
  });

  app.post('/incidents/:id/comments', {
    schema: {
      hide,
      operationId: 'create_incident_comment',
      summary: 'Comment on an incident',
      tags: INCIDENT_TAGS,
      security,
      params: IncidentPathParams,
      body: schemaRef(CreateCommentRequest),
      response: adversarialResponses(201, 'The new comment.', 'Comment', { body: true, incidentRights: true, notFound: true }),
      ...INFERRED,
    },
  }, async (request, reply) => {
    const comment = addComment(writeContext(request), pathIncidentId(request), request.body.value);
    return reply.code(201).send(commentToWire(comment));
  });
}
