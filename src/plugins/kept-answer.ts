/**
 * A 200 answer read through the read cache (store/read-cache.ts): on a miss it is computed and
 * serialised by the route's own response schema, as any answer is; on a hit the kept JSON text is
 * sent as it is.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** `key` names the answer within the request's dataset: everything the answer depends on but the data. */
export function sendKeptAnswer(request: FastifyRequest, reply: FastifyReply, key: string, answer: () => unknown): FastifyReply {
  // The routes' serialisers are fast-json-stringify functions: they give text.
  const json = request.server.readCache.read(request.dataset, key, () => reply.serialize(answer()) as string);
  return reply.type('application/json; charset=utf-8').send(json);
}
