/** Reading and clearing the request journal, filtered by tenant, path and status. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { targetTenant } from './support.js';
import { JournalBody, JournalQuery, TenantOnly, controlResponses, type JournalQueryWire, type TenantOnlyWire } from './schemas.js';

export async function journalRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Journal'];
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
