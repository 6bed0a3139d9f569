/** Reading, streaming and clearing the request journal, filtered by tenant, path and status. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { HEARTBEAT_MS, JournalStreams, MAX_STREAMS } from './journal-stream.js';
import { targetTenant } from './support.js';
import {
  JournalBody,
  JournalQuery,
  JournalStreamQuery,
  TenantOnly,
  controlResponses,
  type JournalQueryWire,
  type JournalStreamQueryWire,
  type TenantOnlyWire,
} from './schemas.js';

export async function journalRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Journal'];
  const streams = new JournalStreams(app);
  app.addHook('preClose', async () => streams.closeAll());

  app.get<{ Querystring: JournalQueryWire }>('/_emulator/journal', {
    schema: {
      operationId: 'getJournal',
      summary: "A tenant's last requests to the emulated APIs",
      description: 'A ring of the last --journal-size requests, oldest first; filters combine.',
      tags,
      querystring: JournalQuery,
      response: controlResponses({ 200: JournalBody }),
    },
  }, async (request) => ({
    capacity: app.journal.capacity,
    requests: app.journal.entries({ ...request.query, tenant: targetTenant(request, request.query.tenant) }),
  }));

  app.get<{ Querystring: JournalStreamQueryWire }>('/_emulator/journal/stream', {
    schema: {
      operationId: 'streamJournal',
      summary: 'New requests to the emulated APIs, live (Server-Sent Events)',
      description:
        'A text/event-stream: one `request` event per recorded request that passes the filters, its data a journal entry ' +
        '(JSON) and its id the entry\'s seq. With `after` (or the standard Last-Event-ID header on reconnection) the ' +
        'entries after that seq still in the ring come first, so GET /_emulator/journal then a stream with after=<last ' +
        `seq> misses nothing. A comment line every ${HEARTBEAT_MS / 1000} s keeps the connection alive; at most ` +
        `${MAX_STREAMS} streams at once (then 429); a client that stops reading is disconnected. The stream needs the ` +
        'control token like every control route: read it with fetch() and the header, not with a token in the URL.',
      tags,
      querystring: JournalStreamQuery,
      response: controlResponses({
        200: {
          description: 'The stream of events.',
          content: {
            'text/event-stream': { schema: { type: 'string', description: 'id: <seq>, event: request, data: <entry JSON>, a blank line; repeated.' } },
          },
        },
      }, [400, 429]),
    },
  }, async (request, reply) => streams.start(request, reply, { ...request.query, tenant: targetTenant(request, request.query.tenant) }));

  app.delete<{ Querystring: TenantOnlyWire }>('/_emulator/journal', {
    schema: {
      operationId: 'clearJournal',
      summary: "Clear a tenant's journal entries",
      tags,
      querystring: TenantOnly,
      response: controlResponses({ 200: Type.Object({ removed: Type.Integer() }) }),
    },
  }, async (request) => ({ removed: app.journal.clear(targetTenant(request, request.query.tenant)) }));
}
