/**
 * Drift findings: where an upstream's answers differ from what the emulator expects. The same
 * difference seen again only counts up; the store holds at most `capacity` findings, and a new one
 * beyond that pushes out the least seen (the oldest of those), so a vendor that drifts on every
 * answer cannot grow it without bound.
 */
import fp from 'fastify-plugin';
import { formatTimestamp } from '../util/proto-time.js';
import type { UpstreamApi } from './settings.js';

export const DRIFT_KINDS = [
  /** A key the emulator's schema does not have. */
  'unexpected-field',
  /** A required key that is absent. */
  'missing-field',
  /** A value outside the documented enum. */
  'enum-value',
  /** A value of another type or format, or breaking another schema rule. */
  'schema',
  /** A status the operation does not document, or (shadow) a status the emulator does not answer. */
  'status',
  /** Shadow mode: the same items in another order. */
  'order',
  /** Shadow mode: items one side lists and the other does not. */
  'membership',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One difference, as observed; `path` is a JSON path with array indices generalised to [*]. */
interface Observation {
  api: UpstreamApi;
  /** `GET /v2/incidents/{incidentUuid}`: the operation as the emulator declares it. */
  operation: string;
  kind: DriftKind;
  path: string;
  expected: string;
  actual: string;
}

export interface DriftFinding extends Observation {
  firstSeen: string;
  lastSeen: string;
  count: number;
}

interface Entry extends Observation {
  firstSeenMs: number;
  lastSeenMs: number;
  count: number;
}

const DEFAULT_DRIFT_CAPACITY = 500;

/** Texts from an upstream are cut short: a finding says what differs, it does not store payloads. */
const MAX_TEXT = 200;
const short = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

export class DriftStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    readonly capacity = DEFAULT_DRIFT_CAPACITY,
  ) {}

  record(observation: Observation): void {
    const entry: Observation = { ...observation, expected: short(observation.expected), actual: short(observation.actual) };
    const key = JSON.stringify([entry.api, entry.operation, entry.kind, entry.path, entry.expected, entry.actual]);
    const now = this.now();
    const known = this.#entries.get(key);
    if (known) {
      known.count += 1;
      known.lastSeenMs = now;
      return;
    }
    if (this.#entries.size >= this.capacity) this.#evictOne();
    this.#entries.set(key, { ...entry, firstSeenMs: now, lastSeenMs: now, count: 1 });
  }

  /** The findings, most seen first (then most recent), optionally of one API. */
  list(api?: UpstreamApi): DriftFinding[] {
    return [...this.#entries.values()]
      .filter((entry) => api === undefined || entry.api === api)
      .sort((a, b) => b.count - a.count || b.lastSeenMs - a.lastSeenMs)
      .map(({ firstSeenMs, lastSeenMs, ...finding }) => ({
        ...finding,
        firstSeen: formatTimestamp(firstSeenMs),
        lastSeen: formatTimestamp(lastSeenMs),
      }));
  }

  /** Forgets the findings (of one API); answers how many were forgotten. */
  clear(api?: UpstreamApi): number {
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (api !== undefined && entry.api !== api) continue;
      this.#entries.delete(key);
      removed += 1;
    }
    return removed;
  }

  get size(): number {
    return this.#entries.size;
  }

  #evictOne(): void {
    let victimKey: string | undefined;
    let victim: Entry | undefined;
    for (const [key, entry] of this.#entries) {
      if (!victim || entry.count < victim.count || (entry.count === victim.count && entry.lastSeenMs < victim.lastSeenMs)) {
        victim = entry;
        victimKey = key;
      }
    }
    if (victimKey !== undefined) this.#entries.delete(victimKey);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Drift findings of every API with an upstream; the control API lists and clears them. */
    drift: DriftStore;
  }
}

/** The one drift store of the app, on the root instance so the APIs and the control API share it. */
export const driftStorePlugin = fp(
  async (app) => {
    app.decorate('drift', new DriftStore(() => app.clock.now()));
  },
  { name: 'drift-store' },
);
