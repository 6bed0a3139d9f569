/** The control API's wire shapes, declared once for validation, types and its OpenAPI document. */
import { Type, type Static, type TSchema } from 'typebox';

const strict = { additionalProperties: false } as const;

export const TenantField = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$',
  description: 'The tenant to act on; default: the x-emulator-tenant header, else "default".',
});

export const TenantHeader = Type.Object({
  'x-emulator-tenant': Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$', description: 'The tenant to act on (a tenant field wins over it).' }),
  ),
});

export const TenantOnly = Type.Object({ tenant: Type.Optional(TenantField) }, strict);
export type TenantOnlyWire = Static<typeof TenantOnly>;

const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Stable error code (the x-emulator-error header too).' }),
    message: Type.String({ description: 'What was wrong, and where.' }),
  },
  { $id: 'EmulatorError' },
);

/** The error responses every control operation documents, besides its own success. */
export function controlResponses(ok: Record<number, unknown>, errors: number[] = [400]) {
  const responses: Record<string, unknown> = { ...ok };
  for (const status of errors) responses[status] = { description: errorDescription(status), $ref: 'EmulatorError#' };
  return responses;
}

export function errorDescription(status: number): string {
  switch (status) {
    case 400: return 'The request is invalid; message says what and where.';
    case 401: return 'The control token is missing or wrong (only with --control-token).';
    case 404: return 'No such resource.';
    case 429: return 'Too many at once; message says the limit.';
    default: return 'Error.';
  }
}

export const HealthBody = Type.Object({ status: Type.Literal('alive') }, { description: 'The emulator is running.' });

export const ReadyBody = Type.Object(
  {
    status: Type.Literal('ready'),
    seededFrom: Type.String({ description: 'What the default dataset was seeded from.' }),
  },
  { description: 'The database is open and seeded.' },
);

export const ResetResult = Type.Object(
  {
    tenant: Type.String(),
    seededFrom: Type.String({ description: 'The seed source the tenant is back to.' }),
    tookMs: Type.Number({ description: 'Time the reset took (real milliseconds).' }),
  },
  { description: 'Done: the tenant holds exactly its seeded state.' },
);

export const SeedRequest = Type.Object(
  {
    tenant: Type.Optional(TenantField),
    fixtures: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$', description: 'A fixture folder beside the configured one (e.g. "default").' }),
    ),
    generate: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Generate this many incidents.' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'Seed of the generator (default: --seed).' })),
  },
  strict,
);
export type SeedRequestWire = Static<typeof SeedRequest>;

export const ClockBody = Type.Object(
  {
    tenant: Type.String(),
    own: Type.Boolean({ description: 'Whether the tenant has a clock of its own; false: it follows the emulator clock.' }),
    now: Type.String({ format: 'date-time', description: 'Emulator time, RFC 3339.' }),
    nowMs: Type.Number({ description: 'Emulator time, epoch milliseconds.' }),
    frozen: Type.Boolean(),
    offsetMs: Type.Number({ description: 'Offset from real time (a tenant clock: from the emulator clock) while running.' }),
  },
  { description: "The clock the tenant's requests read." },
);

export const ClockRequest = Type.Object(
  {
    tenant: Type.Optional(TenantField),
    freeze: Type.Optional(
      Type.Union([Type.Boolean(), Type.String()], { description: 'true: stop at the current instant; an RFC 3339 time: stop there.' }),
    ),
    advance: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0 }), Type.String()], { description: 'A duration: 1500 (ms), "90s", "15m", "2h", "1d".' }),
    ),
    resume: Type.Optional(Type.Literal(true, { description: 'Run again, from the current time.' })),
    reset: Type.Optional(
      Type.Literal(true, { description: "A tenant: drop its own clock (follow the emulator clock again). The default tenant: back to real time." }),
    ),
  },
  { ...strict, description: 'Exactly one of freeze, advance, resume, reset; and optionally the tenant.' },
);
export type ClockRequestWire = Static<typeof ClockRequest>;

/**
 * POST /_emulator/state: the tenant, and a section per emulated API (its `name`), each described
 * by the API itself (Service.state.request).
 */
export function stateRequestSchema(sections: ReadonlyArray<{ name: string; request: TSchema }>): TSchema {
  return Type.Object(
    {
      tenant: Type.Optional(TenantField),
      ...Object.fromEntries(sections.map(({ name, request }) => [name, Type.Optional(request)])),
    },
    { ...strict, description: `At least one of ${sections.map(({ name }) => name).join(', ')}; every change of the request happens, or none does.` },
  );
}

/** The body of POST /_emulator/state: the tenant, and each API's section under its name. */
export interface StateRequestWire {
  tenant?: string;
  [api: string]: unknown;
}

const StoredIncidents = Type.Object({ incidents: Type.Array(Type.Object({}, { additionalProperties: true })) });

export function stateResultSchema(names: readonly string[]): TSchema {
  return Type.Object(
    { tenant: Type.String(), ...Object.fromEntries(names.map((name) => [name, Type.Optional(StoredIncidents)])) },
    { description: 'The incidents as they are now stored, each in its API\'s form (ESET: its wire format; Adversarial: register rows).' },
  );
}

/** What POST /_emulator/state answers: the tenant, and each changed API's incidents as stored. */
export interface StateResultWire {
  tenant: string;
  [api: string]: unknown;
}

const journalFilterFields = {
  tenant: Type.Optional(TenantField),
  path: Type.Optional(Type.String({ description: 'Only requests whose path starts with this.' })),
  status: Type.Optional(Type.String({ pattern: '^[1-5](\\d\\d|xx)$', description: 'A status (404) or a class (5xx).' })),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'Only requests recorded after this seq.' })),
};

export const JournalQuery = Type.Object(
  {
    ...journalFilterFields,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: 'Only the newest N.' })),
  },
  strict,
);
export type JournalQueryWire = Static<typeof JournalQuery>;

export const JournalStreamQuery = Type.Object(journalFilterFields, strict);
export type JournalStreamQueryWire = Static<typeof JournalStreamQuery>;

const JournalEntryBody = Type.Object({
  seq: Type.Integer(),
  time: Type.String({ format: 'date-time' }),
  requestId: Type.String(),
  method: Type.String(),
  path: Type.String(),
  query: Type.String(),
  status: Type.Integer(),
  latencyMs: Type.Number(),
  tenant: Type.String(),
  fault: Type.Union([Type.String(), Type.Null()]),
});

export const JournalBody = Type.Object(
  { capacity: Type.Integer(), requests: Type.Array(JournalEntryBody) },
  { description: 'Recorded requests, oldest first.' },
);

const SnapshotName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' });
export const SnapshotInfoBody = Type.Object({
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time', description: 'Emulator time it was saved.' }),
  bytes: Type.Integer(),
});
export const SnapshotRequest = Type.Object({ name: SnapshotName, tenant: Type.Optional(TenantField) }, strict);
export const SnapshotParams = Type.Object({ name: SnapshotName });

export const ControlSchemas = [ErrorBody];
