/** Drift findings of the upstream modes: where the real services' answers differ from the emulator's. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { DRIFT_KINDS } from '../upstream/drift-store.js';
import { controlResponses } from './schemas.js';

const apiName = (description: string) => Type.Unsafe<'eset' | 'adversarial'>({ type: 'string', enum: ['eset', 'adversarial'], description });

const DriftQuery = Type.Object(
  { api: Type.Optional(apiName('Only the findings of this API.')) },
  { additionalProperties: false },
);
type DriftQueryWire = Static<typeof DriftQuery>;

const DriftFindingBody = Type.Object({
  api: apiName('The API whose upstream answered.'),
  operation: Type.String({ description: 'The operationId (Incidents_ListIncidents), else method and route.' }),
  kind: Type.Unsafe<string>({ type: 'string', enum: [...DRIFT_KINDS], description: 'What differs.' }),
  path: Type.String({ description: 'JSON path in the answer ($ is the whole answer; [*] any item of a list).' }),
  expected: Type.String({ description: 'What the emulator documents (shadow: what it answered).' }),
  actual: Type.String({ description: 'What the upstream sent.' }),
  firstSeen: Type.String({ format: 'date-time' }),
  lastSeen: Type.String({ format: 'date-time' }),
  count: Type.Integer({ description: 'Answers that showed it.' }),
});

const UpstreamBody = Type.Object({
  url: Type.String({ description: 'The base URL answers come from.' }),
  mode: Type.String({ description: 'proxy, shadow or record.' }),
  auth: Type.String({ description: "environment (the emulator's own upstream tokens) or caller." }),
});

const DriftBody = Type.Object({
  capacity: Type.Integer({ description: 'Findings kept at most; beyond, the least seen (then oldest) drop out.' }),
  upstreams: Type.Object({ eset: Type.Optional(UpstreamBody), adversarial: Type.Optional(UpstreamBody) }, { description: 'The APIs that have an upstream.' }),
  findings: Type.Array(DriftFindingBody, { description: 'Most seen first.' }),
});

export async function driftRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Drift'];
  const { upstream, upstreamMode: mode, upstreamAuth: auth } = app.config;
  const upstreams = Object.fromEntries(
    (['eset', 'adversarial'] as const).flatMap((api) => (upstream[api] === undefined ? [] : [[api, { url: upstream[api], mode, auth }]])),
  );

  app.get<{ Querystring: DriftQueryWire }>('/_emulator/drift', {
    schema: {
      operationId: 'getDrift',
      summary: 'Where the upstream answers differ from what the emulator expects',
      description:
        'Findings of --upstream: each answer is checked against the operation\'s documented responses (unexpected or ' +
        'missing keys, enum values, types, statuses) and, in shadow mode, compared with the emulator\'s own answer ' +
        '(status, shape, order and membership of lists). The same difference counts up instead of repeating. The ' +
        'findings are the whole emulator\'s, not a tenant\'s.',
      tags,
      querystring: DriftQuery,
      response: controlResponses({ 200: DriftBody }),
    },
  }, async (request) => ({ capacity: app.drift.capacity, upstreams, findings: app.drift.list(request.query.api) }));

  app.delete<{ Querystring: DriftQueryWire }>('/_emulator/drift', {
    schema: {
      operationId: 'clearDrift',
      summary: 'Forget the drift findings (of one API)',
      tags,
      querystring: DriftQuery,
      response: controlResponses({ 200: Type.Object({ removed: Type.Integer() }) }),
    },
  }, async (request) => ({ removed: app.drift.clear(request.query.api) }));
}
