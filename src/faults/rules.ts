/**
 * Fault rules: what a rule matches, what it does, and when. Parsed and validated once (from the
 * --faults setting or the control API); a bad rule is rejected with a message naming the field.
 */
import { parseDurationMs, DURATION_ACCEPTS } from '../util/duration.js';
import { parseTimestamp } from '../util/proto-time.js';

export interface FaultMatch {
  /** The name of an emulated API (a service's name, e.g. eset). */
  api?: string;
  /** Upper-case HTTP method. */
  method?: string;
  /** The route pattern as the emulator registers it, e.g. /v2/incidents/:incidentUuid. */
  route?: string;
  /** The operationId of the OpenAPI document, e.g. Incidents_GetIncident. */
  operationId?: string;
  tenant?: string;
  /** A request header that must be present (lower-case name), with this exact value when given. */
  header?: { name: string; value?: string };
}

interface LatencyRange {
  min: number;
  max: number;
}

export interface FaultAction {
  /** Answer this error status (400–599) in the vendor's error shape. */
  status?: number;
  /** Retry-After seconds; default 1 for 429 and 503. */
  retryAfter?: number;
  /** Added latency, milliseconds (fixed, or drawn from [min, max]). */
  latency?: LatencyRange;
  /** Answer ESET's 202 + response-id; the result is ready after this many ms of emulator clock. */
  pending?: number;
  /** Destroy the connection without an answer. */
  drop?: boolean;
}

export interface FaultSchedule {
  /** Fire at most this many times. */
  times?: number;
  /** Fire on every Nth matching request (the Nth, 2Nth, …). */
  every?: number;
  /** Fire with this probability, drawn from a generator seeded with `seed`. */
  probability?: number;
  seed?: number | string;
  /** Emulator-clock epoch ms after which the rule no longer fires. */
  expiresAt?: number;
}

export interface FaultRule {
  id: string;
  match: FaultMatch;
  action: FaultAction;
  schedule: FaultSchedule;
}

/** The rule as the API shows it back (times as RFC 3339 come from the caller; kept as given). */
export type FaultRuleInput = Record<string, unknown>;

export class FaultRuleError extends Error {
  override name = 'FaultRuleError';
}

export const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

class Reader {
  constructor(
    private readonly where: string,
    private readonly value: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(key, `is not a field here (allowed: ${allowed.join(', ')})`);
    }
  }

  static of(where: string, value: unknown, allowed: readonly string[]): Reader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FaultRuleError(`${where}: expected a JSON object`);
    }
    return new Reader(where, value as Record<string, unknown>, allowed);
  }

  fail(field: string, detail: string): never {
    throw new FaultRuleError(`${this.where}.${field} ${detail}`);
  }

  has(field: string): boolean {
    return this.value[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.value[field];
  }

  string(field: string, pattern?: RegExp): string | undefined {
    const value = this.value[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') this.fail(field, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) this.fail(field, `'${value}' is not valid`);
    return value;
  }

  oneOf<T extends string>(field: string, values: readonly T[], normalize = (v: string) => v): T | undefined {
    const value = this.string(field);
    if (value === undefined) return undefined;
    const normalized = normalize(value);
    if (!(values as readonly string[]).includes(normalized)) this.fail(field, `must be one of ${values.join(', ')}`);
    return normalized as T;
  }

  integer(field: string, min: number, max: number): number | undefined {
    const value = this.value[field];
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      this.fail(field, `must be an integer from ${min} to ${max}`);
    }
    return value as number;
  }

  duration(field: string): number | undefined {
    const value = this.value[field];
    if (value === undefined) return undefined;
    const ms = parseDurationMs(value);
    if (ms === undefined) this.fail(field, `must be a duration: ${DURATION_ACCEPTS}`);
    return ms;
  }
}

const MATCH_KEYS = ['api', 'method', 'route', 'operationId', 'tenant', 'header'] as const;
const ACTION_KEYS = ['status', 'retryAfter', 'latency', 'pending', 'drop'] as const;
const SCHEDULE_KEYS = ['times', 'every', 'probability', 'seed', 'until', 'for'] as const;

/**
 * One rule from its JSON form: {id?, match?, action, schedule?}. `now` (emulator clock) anchors
 * a `for` expiry; `defaultSeed` seeds a probability without its own seed. `apis`: the names
 * match.api may take (the emulator's services).
 */
export function parseFaultRule(json: unknown, where: string, now: number, defaultId: string, apis: readonly string[]): FaultRule {
  const rule = Reader.of(where, json, ['id', 'match', 'action', 'schedule']);
  const id = rule.string('id', RULE_ID) ?? defaultId;
  if (!rule.has('action')) rule.fail('action', 'is required: what the rule does (status, latency, pending or drop)');
  return {
    id,
    match: parseMatch(Reader.of(`${where}.match`, rule.raw('match') ?? {}, MATCH_KEYS), apis),
    action: parseAction(Reader.of(`${where}.action`, rule.raw('action'), ACTION_KEYS)),
    schedule: parseSchedule(Reader.of(`${where}.schedule`, rule.raw('schedule') ?? {}, SCHEDULE_KEYS), now),
  };
}

function parseMatch(match: Reader, apis: readonly string[]): FaultMatch {
  const result: FaultMatch = {};
  const api = match.oneOf('api', apis);
  if (api) result.api = api;
  const method = match.oneOf('method', HTTP_METHODS, (v) => v.toUpperCase());
  if (method) result.method = method;
  const route = match.string('route', /^\//);
  if (route) result.route = route;
  const operationId = match.string('operationId');
  if (operationId) result.operationId = operationId;
  const tenant = match.string('tenant', /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/);
  if (tenant) result.tenant = tenant;
  if (match.has('header')) {
    const header: Reader = Reader.of('match.header', match.raw('header'), ['name', 'value']);
    const name = header.string('name', HEADER_NAME);
    if (name === undefined) header.fail('name', 'is required');
    const value = header.raw('value');
    if (value !== undefined && typeof value !== 'string') header.fail('value', 'must be a string');
    result.header = typeof value === 'string' ? { name: name.toLowerCase(), value } : { name: name.toLowerCase() };
  }
  return result;
}

function parseAction(action: Reader): FaultAction {
  const result: FaultAction = {};
  const status = action.integer('status', 400, 599);
  if (status !== undefined) result.status = status;
  const retryAfter = action.integer('retryAfter', 0, 86_400);
  if (retryAfter !== undefined) {
    if (status === undefined) action.fail('retryAfter', 'goes with status');
    result.retryAfter = retryAfter;
  }
  if (action.has('latency')) result.latency = parseLatency(action);
  const pending = action.duration('pending');
  if (pending !== undefined) result.pending = pending;
  const drop = action.raw('drop');
  if (drop !== undefined) {
    if (drop !== true) action.fail('drop', 'must be true');
    result.drop = true;
  }
  const outcomes = [status !== undefined, pending !== undefined, drop !== undefined].filter(Boolean).length;
  if (outcomes > 1) action.fail('status', 'status, pending and drop exclude each other: give one (latency combines with any)');
  if (outcomes === 0 && result.latency === undefined) action.fail('status', 'or latency, pending or drop is required');
  return result;
}

function parseLatency(action: Reader): LatencyRange {
  const value = action.raw('latency');
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const range: Reader = Reader.of('action.latency', value, ['min', 'max']);
    const min = range.duration('min');
    const max = range.duration('max');
    if (min === undefined || max === undefined) range.fail('min', 'and max are both required for a range');
    if (min > max) range.fail('min', 'must not be greater than max');
    return { min, max };
  }
  const ms = action.duration('latency')!;
  return { min: ms, max: ms };
}

function parseSchedule(schedule: Reader, now: number): FaultSchedule {
  const result: FaultSchedule = {};
  const times = schedule.integer('times', 1, 1_000_000_000);
  if (times !== undefined) result.times = times;
  const every = schedule.integer('every', 1, 1_000_000_000);
  if (every !== undefined) result.every = every;
  const probability = schedule.raw('probability');
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) schedule.fail('probability', 'must be a number from 0 to 1');
    result.probability = probability;
  }
  const seed = schedule.raw('seed');
  if (seed !== undefined) {
    if (!(typeof seed === 'string' || Number.isSafeInteger(seed))) schedule.fail('seed', 'must be an integer or a string');
    if (probability === undefined) schedule.fail('seed', 'goes with probability');
    result.seed = seed as number | string;
  }
  const until = schedule.string('until');
  const span = schedule.duration('for');
  if (until !== undefined && span !== undefined) schedule.fail('until', 'and for exclude each other');
  if (until !== undefined) {
    const at = parseTimestamp(until);
    if (at === undefined) schedule.fail('until', `'${until}' is not an RFC 3339 time`);
    result.expiresAt = at;
  }
  if (span !== undefined) result.expiresAt = now + span;
  return result;
}
