/** Every response, errors included, carries the request's id in ESET's `request-id` header. */
import fp from 'fastify-plugin';

export const REQUEST_ID_HEADER = 'request-id';

export const requestIdPlugin = fp(
  async (app) => {
    // request.id is a fresh UUID (genReqId in app.ts); set it before anything can fail.
    app.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
  },
  { name: 'request-id' },
);
