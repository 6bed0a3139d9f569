/** Reading and clearing the request journal, filtered by tenant, path and status. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { JournalBody, JournalQuery, TenantOnly, controlResponses, type JournalQueryWire, type TenantOnlyWire } from './schemas.js';

export async function journalRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Journal'];
  app.get<{ Querystring: JournalQueryWire }>('/_emulator/journal', {
    schema: {
      operationId: 'getJournal',
      summary: 'The last requests to the emulated APIs',
      description: 'A ring of the last --journal-size requests, oldest first; filters combine.',
      tags,
      querystring: JournalQuery,
      response: controlResponses({ 200: JournalBody }),
    },
  }, async (request) => ({ capacity: app.journal.capacity, requests: app.journal.entries(request.query) }));

  app.delete<{ Querystring: TenantOnlyWire }>('/_emulator/journal', {
    schema: {
      operationId: 'clearJournal',
      summary: "Clear the journal (one tenant's entries with ?tenant=)",
      tags,
      querystring: TenantOnly,
      response: controlResponses({ 200: Type.Object({ removed: Type.Integer() }) }),
    },
  }, async (request) => ({ removed: app.journal.clear(request.query.tenant) }));
}
