/** ESET incident comment routes: list, create, get, delete, text:update. Thin, as all routes. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { schemaRef } from '../../openapi/schema-ref.js';
import { notFound } from '../../errors.js';
import { addComment, deleteComment, updateCommentText } from './incident-writes.js';
import { commentToWire } from './mapper.js';
import { esetResponses } from './responses.js';
import { WRITES, security, writeContext } from './route-support.js';
import { CommentPathParams, CreateIncidentCommentBody, IncidentPathParams, UpdateIncidentCommentTextBody } from './schemas.js';
import { esetStore } from './store.js';

const tags = ['IncidentComments'];

export async function commentRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/incidents/:incidentUuid/comments', {
    schema: {
      operationId: 'IncidentComments_ListIncidentComments',
      summary: 'List incident comments',
      description: 'The comments of an incident, oldest first.',
      tags,
      security,
      params: IncidentPathParams,
      response: esetResponses('v2ListIncidentCommentsResponse', 'The comments.'),
    },
  }, async (request) => {
    const { incidentUuid } = request.params;
    if (!esetStore(request.dataset).incidents.exists(incidentUuid)) throw notFound(`incident '${incidentUuid}' does not exist`);
    return { comments: esetStore(request.dataset).comments.list(incidentUuid).map(commentToWire) };
  });

  app.post('/incidents/:incidentUuid/comments', {
    config: WRITES,
    schema: {
      operationId: 'IncidentComments_CreateIncidentComment',
      summary: 'Create incident comment',
      description: 'Adds a comment, written by the caller. Read-only fields sent in it are ignored.',
      tags,
      security,
      params: IncidentPathParams,
      body: schemaRef(CreateIncidentCommentBody),
      response: esetResponses('v2CreateIncidentCommentResponse', 'The new comment.'),
    },
  }, async (request) => {
    const comment = addComment(writeContext(request), request.params.incidentUuid, request.body);
    return { comment: commentToWire(comment) };
  });

  app.get('/incidents/:incidentUuid/comments/:commentUuid', {
    schema: {
      operationId: 'IncidentComments_GetIncidentComment',
      summary: 'Get incident comment',
      description: 'One comment of an incident.',
      tags,
      security,
      params: CommentPathParams,
      response: esetResponses('v2GetIncidentCommentResponse', 'The comment.'),
    },
  }, async (request) => {
    const { incidentUuid, commentUuid } = request.params;
    const comment = esetStore(request.dataset).comments.get(incidentUuid, commentUuid);
    if (!comment) throw notFound(`incident '${incidentUuid}' has no comment '${commentUuid}'`);
    return { comment: commentToWire(comment) };
  });

  app.delete('/incidents/:incidentUuid/comments/:commentUuid', {
    config: WRITES,
    schema: {
      operationId: 'IncidentComments_DeleteIncidentComment',
      summary: 'Delete incident comment',
      description: 'Removes a comment.',
      tags,
      security,
      params: CommentPathParams,
      response: esetResponses('v2DeleteIncidentCommentResponse', 'Deleted.'),
    },
  }, async (request) => {
    deleteComment(writeContext(request), request.params.incidentUuid, request.params.commentUuid);
    return {};
  });

  app.post(
    '/incidents/:incidentUuid/comments/:commentUuid/text::update',
    {
      config: WRITES,
      schema: {
        operationId: 'IncidentComments_UpdateIncidentCommentText',
        summary: 'Update incident comment text',
        description: "Replaces a comment's text.",
        tags,
        security,
        params: CommentPathParams,
        body: schemaRef(UpdateIncidentCommentTextBody),
        response: esetResponses('v2UpdateIncidentCommentTextResponse', 'Updated.'),
      },
    },
    async (request) => {
      updateCommentText(writeContext(request), request.params.incidentUuid, request.params.commentUuid, request.body.text);
      return {};
    },
  );
}
