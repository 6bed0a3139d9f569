/**
 * health, ready, reset, seed, state and snapshots: the control routes that look at or replace a
 * tenant's data. Each answers only when the work is done.
 */
import type { FastifyInstance } from 'fastify';
import { dirname, join, sep } from 'node:path';
import { Type } from 'typebox';
import { invalidArgument, notFound } from '../errors.js';
import { describeSeedSource, describeStoredSeedSource, type SeedSource } from '../store/seed-source.js';
import { IN_MEMORY } from '../store/database.js';
import { SnapshotLimitReached, StateControl } from '../store/state-control.js';
import { seedSourceOf } from '../plugins/datasets.js';
import { formatTimestamp } from '../util/proto-time.js';
import {
  HealthBody,
  ReadyBody,
  ResetResult,
  SeedRequest,
  SnapshotInfoBody,
  SnapshotParams,
  SnapshotRequest,
  TenantOnly,
  controlResponses,
  stateRequestSchema,
  stateResultSchema,
  type SeedRequestWire,
  type StateRequestWire,
  type TenantOnlyWire,
} from './schemas.js';
import { targetDataset } from './support.js';

export async function stateRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.config;
  const control = new StateControl(app.layout, seedSourceOf(app.config), db === IN_MEMORY ? undefined : join(dirname(db), 'snapshots'));
  app.addHook('onClose', async () => control.close());
  const tags = ['State'];

  app.get('/_emulator/health', {
    config: { controlOpen: true },
    schema: { operationId: 'health', summary: 'Alive', tags: ['Health'], response: { 200: HealthBody } },
  }, async () => ({ status: 'alive' as const }));

  app.get('/_emulator/ready', {
    config: { controlOpen: true },
    schema: {
      operationId: 'ready',
      summary: 'Ready: database open and seeded',
      tags: ['Health'],
      response: { 200: ReadyBody, 503: { description: 'Not ready yet.', $ref: 'EmulatorError#' } },
    },
  }, async (_request, reply) => {
    const primary = app.datasets.primary;
    const seededFrom = primary.db.open ? primary.meta.get('seeded_from') : undefined;
    if (seededFrom === undefined) {
      return reply.code(503).send({ error: 'UNAVAILABLE', message: 'the default dataset is not open and seeded yet' });
    }
    return { status: 'ready' as const, seededFrom: describeStoredSeedSource(seededFrom) };
  });

  app.post<{ Body: TenantOnlyWire | undefined }>('/_emulator/reset', {
    schema: {
      operationId: 'reset',
      summary: "Reset a tenant's data to its seeded state",
      description: 'Synchronous: answers when done. Issued tokens are kept. Fault rules, the clock and snapshots are not touched.',
      tags,
      body: TenantOnly,
      response: controlResponses({ 200: ResetResult }),
    },
  }, async (request) => {
    const dataset = await targetDataset(request, request.body?.tenant);
    const started = performance.now();
    control.reset(dataset);
    return {
      tenant: dataset.tenant,
      seededFrom: describeSeedSource(control.sourceOf(dataset.tenant)),
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
    };
  });

  app.post<{ Body: SeedRequestWire }>('/_emulator/seed', {
    schema: {
      operationId: 'seed',
      summary: "Replace a tenant's data from a fixture set or the generator",
      description:
        '{"fixtures": "<folder>"} loads a fixture folder beside the configured one; {"generate": N, "seed": S} generates N ' +
        'incidents. Later resets of the tenant return to this source.',
      tags,
      body: SeedRequest,
      response: controlResponses({ 200: ResetResult }),
    },
  }, async (request) => {
    const body = request.body;
    const source = seedSourceFrom(app, body);
    const dataset = await targetDataset(request, body.tenant);
    const started = performance.now();
    try {
      control.seed(dataset, source);
    } catch (error) {
      // The reason may quote a file path: show it relative to the fixture folders.
      const reason = (error as Error).message.replaceAll(`${dirname(app.config.fixtures)}${sep}`, '');
      throw invalidArgument(`cannot seed from ${describeSeedSource(source)}: ${reason}`);
    }
    return { tenant: dataset.tenant, seededFrom: describeSeedSource(source), tookMs: Math.round((performance.now() - started) * 1000) / 1000 };
  });

  app.post<{ Body: StateRequestWire }>('/_emulator/state', {
    schema: {
      operationId: 'setState',
      summary: 'Set any incident field of any API, status included (test setup)',
      description:
        'A section per API, named as the API (ESET incidents by uuid, Adversarial incidents by id); an unknown incident is ' +
        'created. Every change of the request happens in one transaction, or none does. Only wire-format validity and ' +
        'references (users, sources) are checked, not the business rules. An incident that changes without a given update ' +
        'time is dated now.',
      tags,
      body: stateRequestSchema(app.services.map((service) => ({ name: service.name, request: service.state.request }))),
      response: controlResponses({ 200: stateResultSchema(app.services.map((service) => service.name)) }),
    },
  }, async (request) => {
    const body = request.body;
    const sections = app.services.filter((service) => body[service.name] !== undefined);
    if (sections.length === 0) {
      throw invalidArgument(`send ${app.services.map((service) => `"${service.name}": {"incidents": [...]}`).join(' and/or ')}`);
    }
    const dataset = await targetDataset(request, body.tenant);
    const now = app.tenantClocks.effective(dataset.tenant).clock.ownNow();
    return dataset.transaction(() => ({
      tenant: dataset.tenant,
      ...Object.fromEntries(sections.map((service) => [service.name, service.state.apply(dataset, now, body[service.name])])),
    }));
  });

  const snapshotTags = ['Snapshots'];
  const wireSnapshot = (info: { name: string; createdAt: number; bytes: number }) => ({ ...info, createdAt: formatTimestamp(info.createdAt) });

  app.post<{ Body: { name: string; tenant?: string } }>('/_emulator/snapshots', {
    schema: {
      operationId: 'saveSnapshot',
      summary: "Save a tenant's current data under a name (replacing one of that name)",
      description: 'Snapshots of a file database are SQLite files beside it (snapshots/<tenant>/<name>.sqlite) and survive a restart; those of an in-memory one last until the emulator stops.',
      tags: snapshotTags,
      body: SnapshotRequest,
      response: controlResponses({ 201: SnapshotInfoBody }),
    },
  }, async (request, reply) => {
    const dataset = await targetDataset(request, request.body.tenant);
    try {
      return reply.code(201).send(wireSnapshot(control.saveSnapshot(dataset, request.body.name, app.clock.now())));
    } catch (error) {
      if (error instanceof SnapshotLimitReached) throw invalidArgument(error.message);
      throw error;
    }
  });

  app.get<{ Querystring: TenantOnlyWire }>('/_emulator/snapshots', {
    schema: {
      operationId: 'listSnapshots',
      summary: "A tenant's snapshots",
      tags: snapshotTags,
      querystring: TenantOnly,
      response: controlResponses({ 200: Type.Object({ tenant: Type.String(), snapshots: Type.Array(SnapshotInfoBody) }) }),
    },
  }, async (request) => {
    const tenant = (await targetDataset(request, request.query.tenant)).tenant;
    return { tenant, snapshots: control.listSnapshots(tenant).map(wireSnapshot) };
  });

  app.post<{ Params: { name: string }; Body: TenantOnlyWire | undefined }>('/_emulator/snapshots/:name/restore', {
    schema: {
      operationId: 'restoreSnapshot',
      summary: "Put a tenant's data back to a snapshot",
      tags: snapshotTags,
      params: SnapshotParams,
      body: TenantOnly,
      response: controlResponses({ 200: Type.Object({ tenant: Type.String(), restored: Type.String() }) }, [400, 404]),
    },
  }, async (request) => {
    const dataset = await targetDataset(request, request.body?.tenant);
    if (!control.restoreSnapshot(dataset, request.params.name)) {
      throw notFound(`tenant '${dataset.tenant}' has no snapshot '${request.params.name}'`);
    }
    return { tenant: dataset.tenant, restored: request.params.name };
  });

  app.delete<{ Params: { name: string }; Querystring: TenantOnlyWire }>('/_emulator/snapshots/:name', {
    schema: {
      operationId: 'deleteSnapshot',
      summary: 'Delete a snapshot',
      tags: snapshotTags,
      params: SnapshotParams,
      querystring: TenantOnly,
      response: controlResponses({ 204: { description: 'Deleted.', type: 'null' } }, [400, 404]),
    },
  }, async (request, reply) => {
    const tenant = (await targetDataset(request, request.query.tenant)).tenant;
    if (!control.deleteSnapshot(tenant, request.params.name)) {
      throw notFound(`tenant '${tenant}' has no snapshot '${request.params.name}'`);
    }
    return reply.code(204).send();
  });
}

function seedSourceFrom(app: FastifyInstance, body: SeedRequestWire): SeedSource {
  if ((body.fixtures === undefined) === (body.generate === undefined)) {
    throw invalidArgument('send exactly one of "fixtures" (a fixture folder name) and "generate" (a number of incidents)');
  }
  if (body.fixtures !== undefined) {
    if (body.seed !== undefined) throw invalidArgument('"seed" goes with "generate", not with "fixtures"');
    return { kind: 'fixtures', dir: join(dirname(app.config.fixtures), body.fixtures) };
  }
  return { kind: 'generated', count: body.generate!, seed: body.seed ?? app.config.seed, fixturesDir: app.config.fixtures };
}
