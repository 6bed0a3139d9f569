/**
 * Request fuzzing: requests to every operation of both APIs and the control API, generated from
 * the served OpenAPI documents (openapi-arbitraries.ts), sent to one app through inject(). For
 * every answer:
 *   - no 5xx unless a fault was injected (x-emulator-fault);
 *   - every 4xx explains itself (x-emulator-reason, whatever the API's body shape);
 *   - nothing hangs (each answer within a few seconds);
 *   - a refused request changed nothing stored (SQLite's total_changes() of every tenant).
 * FUZZ_REQUESTS sets how many in all (default 20,000), shared by the requests-part*.test.ts files
 * so that the runner's jobs send them side by side, each part to its own app with its own seed
 * (FUZZ_SEED + part - 1; the base is fixed unless FUZZ_SEED changes it).
 */
import t, { type Test } from 'tap';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { DEFAULT_USER, esetToken } from '../helpers.js';
import { adversarialToken } from '../adversarial/requests.js';
import { COMMENTS_BY_INCIDENT, INCIDENTS } from '../eset/fixture-oracle.js';
import {
  bodyText,
  hostileValue,
  operationsOf,
  pathSegment,
  queryString,
  type Document,
  type FuzzRequest,
  type Operation,
} from './openapi-arbitraries.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const ANSWER_WITHIN_MS = 10_000;
const TENANTS = ['default', 'a', 'b'];

/** How many files share the requests: requests-part1.test.ts … requests-part4.test.ts. */
const PARTS = 4;

/** ESET's token endpoint is not part of its incident document; it is fuzzed all the same. */
const ESET_TOKEN_DOCUMENT: Document = {
  paths: {
    '/oauth/token': {
      post: {
        operationId: 'esetToken',
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['grant_type'],
                properties: {
                  grant_type: { enum: ['password', 'refresh_token', 'client_credentials'] },
                  username: { enum: [DEFAULT_USER.username, 'nobody@example.com'] },
                  password: { enum: [DEFAULT_USER.password, 'wrong'] },
                  refresh_token: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  },
};

async function documents(app: FastifyInstance): Promise<Operation[]> {
  const get = async (slug: string) => (await app.inject({ method: 'GET', url: `/openapi/${slug}.json` })).json() as Document;
  return [
    ...operationsOf('eset', await get('eset')),
    ...operationsOf('eset', ESET_TOKEN_DOCUMENT),
    ...operationsOf('adversarial', await get('adversarial')),
    ...operationsOf('emulator', await get('emulator')),
  ];
}

/** Part `part` (1…PARTS) of the requests: its share of FUZZ_REQUESTS, with its own seed. */
export function fuzzRequests(part: number): void {
  const requests = Math.floor((REQUESTS * part) / PARTS) - Math.floor((REQUESTS * (part - 1)) / PARTS);
  const seed = SEED + part - 1;
  t.setTimeout(30 * 60_000);
  t.test(`${requests} of ${REQUESTS} fuzzed requests (part ${part} of ${PARTS}, seed ${seed}): no 5xx, every 4xx explained, nothing hangs, refused writes change nothing`, (t) => fuzz(t, requests, seed));
}

async function fuzz(t: Test, requests: number, seed: number): Promise<void> {
  const parts = readdirSync(dirname(fileURLToPath(import.meta.url))).filter((name) => /^requests-part\d+\.test\.ts$/.test(name));
  t.equal(parts.length, PARTS, `${PARTS} files share the ${REQUESTS} requests`);
  const app = await buildApp({ config: defaultConfig({ db: ':memory:', logLevel: 'silent' }) });
  t.teardown(() => app.close());
  const operations = await documents(app);
  t.ok(operations.length >= 35, `${operations.length} operations`);
  for (const tenant of TENANTS) app.datasets.get(tenant);

  const tokens = { eset: await esetToken(app), adversarial: await adversarialToken(app) };
  const listed = await app.inject({ method: 'GET', url: '/api/v1/incidents?page_size=100', headers: { authorization: `Bearer ${tokens.adversarial}` } });
  const adversarialIds = (listed.json() as { items?: Array<{ id: string }> }).items?.map((item) => String(item.id)) ?? [];
  const known: Record<string, fc.Arbitrary<string>> = {
    incidentUuid: fc.constantFrom(...INCIDENTS.map((incident) => incident.uuid), '00000000-0000-4000-8000-000000000000'),
    commentUuid: fc.constantFrom(...[...COMMENTS_BY_INCIDENT.values()].flat().map((comment) => comment.uuid), '00000000-0000-4000-8000-000000000001'),
    id: fc.constantFrom(...adversarialIds, 'INC-00001', '1', '999999', 'rule-1'),
    name: fc.constantFrom('snap-1', 'snap-2'),
  };
  // Values that would make the fuzzer wait on itself rather than test the emulator: huge
  // generated datasets, and an unbounded set of snapshot names and tenants.
  const overrides: Record<string, fc.Arbitrary<unknown>> = {
    generate: fc.integer({ min: 1, max: 30 }),
    name: fc.constantFrom('snap-1', 'snap-2', 'bad name', ''),
    tenant: fc.constantFrom('a', 'b', 'default', '-bad', 'x'.repeat(80)),
  };

  // One arbitrary per operation, built once: building them (regular expressions of patterns) costs more than sending.
  const perOperation = new Map(operations.map((operation) => [operation, requestFor(operation, tokens, known, overrides)]));
  const request = fc.constantFrom(...operations).chain((operation) => perOperation.get(operation)!);
  const changeCounters = TENANTS.map((tenant) => app.datasets.get(tenant).db.prepare('SELECT total_changes() AS n').pluck());
  const totals = () => changeCounters.reduce((sum, counter) => sum + (counter.get() as number), 0);
  const statuses = new Map<number, number>();
  let sent = 0;
  let unsendable = 0;

  await fc.assert(
    fc.asyncProperty(request, async (fuzz) => {
      const before = totals();
      let response: LightMyRequestResponse;
      try {
        const sending = app.inject({
          method: fuzz.method as 'GET',
          url: fuzz.url,
          headers: fuzz.headers,
          ...(fuzz.payload !== undefined && { payload: fuzz.payload }),
          // A stream never ends: its answer is there once its status and headers are.
          ...(fuzz.operation.streams && { payloadAsStream: true }),
        });
        response = await withinTime(sending);
        if (fuzz.operation.streams) response.stream().destroy();
      } catch (error) {
        if ((error as Error).message.startsWith('no answer within')) throw error;
        unsendable++; // a request the HTTP client itself refuses to build (an invalid header value)
        return;
      }
      sent++;
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const injected = response.headers['x-emulator-fault'] !== undefined;
      const where = `${fuzz.method} ${fuzz.url.slice(0, 200)} → ${response.statusCode}`;
      if (response.statusCode >= 500 && !injected) throw new Error(`${where}: a 5xx: ${String(response.headers['x-emulator-reason'])}`);
      if (response.statusCode >= 400 && response.statusCode < 500) {
        if (!String(response.headers['x-emulator-reason'] ?? '').trim()) throw new Error(`${where}: a 4xx without x-emulator-reason`);
        if (!injected && totals() !== before) throw new Error(`${where}: refused, yet something stored changed`);
      }
      afterEach(app, fuzz.operation, response.statusCode);
    }),
    { numRuns: requests, seed, endOnFailure: true },
  );
  t.ok(sent >= requests * 0.95, `${sent} requests sent (${unsendable} not sendable)`);
  const byClass = [...statuses].reduce<Record<string, number>>((classes, [status, count]) => {
    classes[`${Math.floor(status / 100)}xx`] = (classes[`${Math.floor(status / 100)}xx`] ?? 0) + count;
    return classes;
  }, {});
  t.ok((byClass['2xx'] ?? 0) > requests * 0.1, `valid requests get through too: ${JSON.stringify(byClass)}`);
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
}

function withinTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Undoes what would make later requests test the fuzzer's own setup: fault rules and clock moves. */
function afterEach(app: FastifyInstance, operation: Operation, status: number): void {
  if (status >= 300) return;
  if (operation.path.startsWith('/_emulator/faults')) app.faults.clear();
  if (operation.path === '/_emulator/clock') {
    for (const tenant of TENANTS) app.tenantClocks.drop(tenant);
    app.clock.resume();
    app.clock.advance(-app.clock.state().offsetMs);
  }
}

/** A hostile value as form text; an object without a prototype has no String() of its own. */
const formText = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));

function requestFor(
  operation: Operation,
  tokens: { eset: string; adversarial: string },
  known: Record<string, fc.Arbitrary<string>>,
  overrides: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  // Now and then one character of the route's own path percent-encoded: the same route, another spelling.
  const spots = [...operation.path.matchAll(/[A-Za-z0-9_](?![^{]*\})/g)].map((match) => match.index!);
  const respelled = (template: string, at: number | null) => {
    if (at === null) return template;
    const i = spots[at % spots.length]!;
    return `${template.slice(0, i)}%${template.charCodeAt(i).toString(16).toUpperCase()}${template.slice(i + 1)}`;
  };
  const path = fc
    .tuple(fc.tuple(...pathParameters.map((p) => pathSegment(known[p.name] ?? fc.string({ maxLength: 10 }), p.schema, operation.document))), fc.option(fc.nat(), { freq: 10 }))
    .map(([segments, at]) => pathParameters.reduce((text, p, i) => text.replace(`{${p.name}}`, segments[i]!), respelled(operation.path, at)));
  const ownToken = operation.api === 'adversarial' ? tokens.adversarial : tokens.eset;
  const authorization = fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | undefined>(`Bearer ${ownToken}`) },
    { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, `Bearer ${operation.api === 'adversarial' ? tokens.eset : tokens.adversarial}`, 'Bearer', 'Basic Zm9vOmJhcg==', `Bearer ${'x'.repeat(5000)}`) },
  );
  const tenant = fc.oneof({ weight: 8, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 2, arbitrary: fc.constantFrom<string | undefined>('a', 'b', 'default', '-x', 'x'.repeat(64), '../a') });
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant<string | undefined>(operation.bodyType ?? 'application/json') },
    { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/merge-patch+json', '*/*', '') },
  );
  const extraHeader = fc.option(
    fc.constantFrom<[string, string]>(['x-long', 'a'.repeat(20_000)], ['origin', 'http://evil.example'], ['accept', 'text/html'], ['x-request-id', '\u00ff'], ['response-id', 'not-a-uuid'], ['content-length', '5']),
    { freq: 8 },
  );
  const body = operation.bodySchema
    ? operation.bodyType === 'application/x-www-form-urlencoded'
      ? fc.oneof(
          fc.record(Object.fromEntries(Object.keys(operation.document.paths && (resolveProperties(operation) ?? {})).map((name) => [name, name === 'grant_type' || name === 'username' || name === 'password' ? fc.constantFrom('password', 'client_credentials', 'refresh_token', DEFAULT_USER.username, DEFAULT_USER.password, '') : hostileValue.map(formText)])), { requiredKeys: [] }).map((form) => new URLSearchParams(form as Record<string, string>).toString()),
          bodyText(operation.bodySchema, operation.document, overrides),
        )
      : bodyText(operation.bodySchema, operation.document, overrides)
    : fc.option(fc.constantFrom<string | Buffer>('{}', '', 'garbage'), { freq: 10 }).map((text) => text ?? undefined);
  return fc.record({ path, query: queryString(operation, overrides), authorization, tenant, contentType, extraHeader, body }).map(({ path, query, authorization, tenant, contentType, extraHeader, body }) => {
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.authorization = authorization;
    if (tenant !== undefined) headers['x-emulator-tenant'] = tenant;
    if (body !== undefined && contentType !== undefined) headers['content-type'] = contentType;
    if (extraHeader) headers[extraHeader[0]] = extraHeader[1];
    const fuzz: FuzzRequest = { operation, method: operation.method, url: query === '' ? path : `${path}?${query}`, headers, ...(body !== undefined && { payload: body }) };
    // How a failing request is reported: what was sent, cut to a readable length.
    const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text);
    return Object.assign(fuzz, {
      [fc.toStringMethod]: () => `${fuzz.method} ${cut(fuzz.url)} ${cut(JSON.stringify(headers))} ${cut(String(body ?? ''))}`,
    });
  });
}

function resolveProperties(operation: Operation): Record<string, unknown> | undefined {
  const schema = operation.bodySchema!;
  const name = schema.$ref?.split('/').at(-1);
  const resolved = name ? operation.document.components?.schemas?.[name] : schema;
  return resolved?.properties;
}
