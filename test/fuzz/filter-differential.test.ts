/**
 * Filter differential: random valid filters over every filterable field and operator, each with
 * a random orderBy and page size. Three evaluations must agree on the set AND the order of the
 * results across all pages:
 *   - the list as served (SQL where it can, the rest in process),
 *   - the same list evaluated wholly in process (cel-js),
 *   - an independent evaluator written here from the language's rules (CEL's error semantics,
 *     proto3 presence, code-point string order), which shares no code with the emulator.
 * Fixed seed (FILTER_SEED to change it); FILTER_RUNS sets how many filters (default 2,000).
 */
import t from 'tap';
import fc from 'fast-check';
import { ControllableClock } from '../../src/clock.js';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS } from '../../src/apis/eset/enums.js';
import { IncidentLister } from '../../src/apis/eset/list-incidents.js';
import type { IncidentRecord } from '../../src/apis/eset/record.js';
import { PageTokenCodec } from '../../src/paging/page-token.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';
import { esetStore } from '../../src/apis/eset/store.js';
import { LAYOUT } from '../helpers.js';

const RUNS = Number(process.env.FILTER_RUNS ?? 2_000);
const SEED = Number(process.env.FILTER_SEED ?? 20_261_129);

t.setTimeout(30 * 60_000);

/** CEL's three values: true, false, and an error (which a filter treats as no match). */
type Tri = boolean | 'error';
interface Filter {
  text: string;
  evaluate(incident: IncidentRecord): Tri;
}

const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === 'error' || b === 'error' ? 'error' : true);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === 'error' || b === 'error' ? 'error' : false);
const not = (a: Tri): Tri => (a === 'error' ? 'error' : !a);

const codePoints = (text: string) => [...text].map((c) => c.codePointAt(0)!);
function compareText(a: string, b: string): number {
  const [x, y] = [codePoints(a), codePoints(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
const quote = (text: string) => JSON.stringify(text);

type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';
const OPS: Op[] = ['==', '!=', '<', '<=', '>', '>='];
const holds = (op: Op, difference: number) =>
  ({ '==': difference === 0, '!=': difference !== 0, '<': difference < 0, '<=': difference <= 0, '>': difference > 0, '>=': difference >= 0 })[op];

interface Pools {
  strings: Record<'uuid' | 'display_name' | 'description' | 'assignee_uuid', string[]>;
  times: number[];
  tags: string[];
  devices: string[];
}

const STRING_FIELDS = {
  uuid: (i: IncidentRecord) => i.uuid,
  display_name: (i: IncidentRecord) => i.displayName,
  description: (i: IncidentRecord) => i.description,
  assignee_uuid: (i: IncidentRecord) => i.assigneeUuid,
} as const;
const INT_FIELDS = {
  'metrics.device_count': (i: IncidentRecord) => i.metrics.deviceCount,
  'metrics.executable_count': (i: IncidentRecord) => i.metrics.executableCount,
  'metrics.process_count': (i: IncidentRecord) => i.metrics.processCount,
} as const;
const ENUM_FIELDS = {
  severity: [SEVERITY_LEVELS, (i: IncidentRecord) => i.severity],
  status: [INCIDENT_STATUSES, (i: IncidentRecord) => i.status],
  resolve_reason: [RESOLVE_REASONS, (i: IncidentRecord) => i.resolveReason],
} as const;
const TIME_FIELDS = { create_time: (i: IncidentRecord) => i.createTime, update_time: (i: IncidentRecord) => i.updateTime } as const;
const DURATION_FIELDS = { triage_duration: (i: IncidentRecord) => i.triageSeconds, response_duration: (i: IncidentRecord) => i.responseSeconds } as const;
const LIST_FIELDS = { tags: (i: IncidentRecord) => i.tags, device_uuids: (i: IncidentRecord) => i.deviceUuids, detection_uuids: (i: IncidentRecord) => i.detectionUuids } as const;
/** Patterns that mean the same in RE2 and in JavaScript's RegExp (the evaluator's engine). */
const PATTERNS = ['^[A-Z]', '[0-9]{2}', 'a.c', '^\\w+ \\w+', '(in|on)$', '-', '^$', '[^a-z ]'];

function leaf(pools: Pools): fc.Arbitrary<Filter> {
  const op = fc.constantFrom(...OPS);
  const stringLeaf = fc.constantFrom(...(Object.keys(STRING_FIELDS) as Array<keyof typeof STRING_FIELDS>)).chain((field) => {
    const get = STRING_FIELDS[field];
    const sample = fc.oneof(fc.constantFrom(...pools.strings[field]), fc.constantFrom('', 'a', 'Z', '\u{1F600}', '\uff5e', '8'));
    const part = sample.chain((text) => fc.nat({ max: Math.max(0, [...text].length) }).map((n) => [...text].slice(0, n).join('')));
    return fc.oneof(
      fc.tuple(op, sample).map(([o, v]): Filter => ({ text: `${field} ${o} ${quote(v)}`, evaluate: (i) => holds(o, compareText(get(i), v)) })),
      fc.tuple(op, sample).map(([o, v]): Filter => ({ text: `${quote(v)} ${o} ${field}`, evaluate: (i) => holds(o, compareText(v, get(i))) })),
      fc.tuple(fc.constantFrom('contains', 'startsWith', 'endsWith'), part).map(([fn, v]): Filter => ({
        text: `${field}.${fn}(${quote(v)})`,
        evaluate: (i) => (fn === 'contains' ? get(i).includes(v) : fn === 'startsWith' ? get(i).startsWith(v) : get(i).endsWith(v)),
      })),
      fc.tuple(op, fc.nat({ max: 40 })).map(([o, n]): Filter => ({ text: `size(${field}) ${o} ${n}`, evaluate: (i) => holds(o, [...get(i)].length - n) })),
      fc.constantFrom(...PATTERNS).map((p): Filter => ({ text: `${field}.matches(${quote(p)})`, evaluate: (i) => new RegExp(p, 'u').test(get(i)) })),
      fc.array(sample, { minLength: 1, maxLength: 3 }).map((vs): Filter => ({ text: `${field} in [${vs.map(quote).join(', ')}]`, evaluate: (i) => vs.includes(get(i)) })),
      fc.constant<Filter>({ text: `has(${field})`, evaluate: (i) => get(i) !== '' }),
      part.map((v): Filter => ({ text: `${field}.lowerAscii().contains(${quote(v.toLowerCase())})`, evaluate: (i) => get(i).replace(/[A-Z]/g, (c) => c.toLowerCase()).includes(v.toLowerCase()) })),
    );
  });
  const intLeaf = fc.constantFrom(...(Object.keys(INT_FIELDS) as Array<keyof typeof INT_FIELDS>)).chain((field) => {
    const get = INT_FIELDS[field];
    return fc.oneof(
      fc.tuple(op, fc.integer({ min: -1, max: 60 })).map(([o, n]): Filter => ({ text: `${field} ${o} ${n}`, evaluate: (i) => holds(o, get(i) - n) })),
      fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 4 }).map((ns): Filter => ({ text: `${field} in [${ns.join(', ')}]`, evaluate: (i) => ns.includes(get(i)) })),
      fc.tuple(op, fc.nat({ max: 80 })).map(([o, n]): Filter => ({
        text: `${field} + metrics.process_count ${o} ${n}`,
        evaluate: (i) => holds(o, get(i) + i.metrics.processCount - n),
      })),
      fc.integer({ min: 2, max: 4 }).map((m): Filter => ({ text: `${field} % ${m} == 0`, evaluate: (i) => get(i) % m === 0 })),
      fc.constant<Filter>({ text: `has(${field})`, evaluate: (i) => get(i) !== 0 }),
    );
  });
  const enumLeaf = fc.constantFrom(...(Object.keys(ENUM_FIELDS) as Array<keyof typeof ENUM_FIELDS>)).chain((field) => {
    const [names, get] = ENUM_FIELDS[field];
    const name = fc.nat({ max: names.length - 1 });
    return fc.oneof(
      fc.tuple(op, name).map(([o, n]): Filter => ({ text: `${field} ${o} ${names[n]}`, evaluate: (i) => holds(o, get(i) - n) })),
      fc.array(name, { minLength: 1, maxLength: 3 }).map((ns): Filter => ({ text: `${field} in [${ns.map((n) => names[n]).join(', ')}]`, evaluate: (i) => ns.includes(get(i)) })),
      fc.constant<Filter>({ text: `has(${field})`, evaluate: (i) => get(i) !== 0 }),
    );
  });
  const timeLeaf = fc.constantFrom(...(Object.keys(TIME_FIELDS) as Array<keyof typeof TIME_FIELDS>)).chain((field) => {
    const get = TIME_FIELDS[field];
    const at = fc.tuple(fc.constantFrom(...pools.times), fc.integer({ min: -2, max: 2 })).map(([ms, shift]) => ms + shift);
    return fc.tuple(op, at, fc.boolean()).map(([o, ms, asCall]): Filter => {
      const iso = new Date(ms).toISOString();
      return { text: `${field} ${o} ${asCall ? `timestamp(${quote(iso)})` : quote(iso)}`, evaluate: (i) => holds(o, get(i) - ms) };
    });
  });
  const durationLeaf = fc.constantFrom(...(Object.keys(DURATION_FIELDS) as Array<keyof typeof DURATION_FIELDS>)).chain((field) => {
    const get = DURATION_FIELDS[field];
    return fc.oneof(
      fc.tuple(op, fc.constantFrom(0, 60, 3600, 86_400, 7 * 86_400)).map(([o, s]): Filter => ({
        text: `${field} ${o} duration("${s}s")`,
        // An unset duration is an error in CEL (NULL in SQL), whatever the operator.
        evaluate: (i) => {
          const value = get(i);
          return value === null ? 'error' : holds(o, value - s);
        },
      })),
      fc.constant<Filter>({ text: `has(${field})`, evaluate: (i) => get(i) !== null }),
    );
  });
  const listLeaf = fc.constantFrom(...(Object.keys(LIST_FIELDS) as Array<keyof typeof LIST_FIELDS>)).chain((field) => {
    const get = LIST_FIELDS[field];
    const element = fc.constantFrom(...(field === 'tags' ? pools.tags : pools.devices), 'none');
    return fc.oneof(
      element.map((v): Filter => ({ text: `${quote(v)} in ${field}`, evaluate: (i) => get(i).includes(v) })),
      fc.tuple(op, fc.nat({ max: 12 })).map(([o, n]): Filter => ({ text: `size(${field}) ${o} ${n}`, evaluate: (i) => holds(o, get(i).length - n) })),
      element.map((v): Filter => ({ text: `${field}.exists(x, x == ${quote(v)})`, evaluate: (i) => get(i).includes(v) })),
      fc.constantFrom('a', 'c', '0', 'x').map((p): Filter => ({ text: `${field}.exists(x, x.startsWith(${quote(p)}))`, evaluate: (i) => get(i).some((x) => x.startsWith(p)) })),
      fc.tuple(op, fc.constantFrom('c', 'm', '5')).map(([o, v]): Filter => ({ text: `${field}.all(x, x ${o} ${quote(v)})`, evaluate: (i) => get(i).every((x) => holds(o, compareText(x, v))) })),
      element.map((v): Filter => ({ text: `${field}.exists_one(x, x == ${quote(v)})`, evaluate: (i) => get(i).filter((x) => x === v).length === 1 })),
      fc.constant<Filter>({ text: `has(${field})`, evaluate: (i) => get(i).length > 0 }),
    );
  });
  return fc.oneof(stringLeaf, intLeaf, enumLeaf, timeLeaf, durationLeaf, listLeaf);
}

function filterOf(pools: Pools): fc.Arbitrary<Filter> {
  const { expression } = fc.letrec<{ expression: Filter }>((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf(pools),
      fc.tuple(tie('expression'), tie('expression'), fc.boolean()).map(([a, b, keyword]): Filter => ({
        text: `(${a.text}) ${keyword ? 'AND' : '&&'} (${b.text})`,
        evaluate: (i) => and(a.evaluate(i), b.evaluate(i)),
      })),
      fc.tuple(tie('expression'), tie('expression'), fc.boolean()).map(([a, b, keyword]): Filter => ({
        text: `(${a.text}) ${keyword ? 'OR' : '||'} (${b.text})`,
        evaluate: (i) => or(a.evaluate(i), b.evaluate(i)),
      })),
      fc.tuple(tie('expression'), fc.boolean()).map(([a, keyword]): Filter => ({ text: `${keyword ? 'NOT ' : '!'}(${a.text})`, evaluate: (i) => not(a.evaluate(i)) })),
    ),
  }));
  // ESET's 200-character limit: longer ones are refused, and tested as such elsewhere.
  return expression.filter((filter) => filter.text.length <= 200);
}

/** A sort key as the list orders it: strings by code point, an unset duration before any other. */
const SORT_KEYS: Record<string, (i: IncidentRecord) => string | number> = {
  ...STRING_FIELDS,
  ...INT_FIELDS,
  ...TIME_FIELDS,
  severity: (i) => i.severity,
  status: (i) => i.status,
  resolve_reason: (i) => i.resolveReason,
  triage_duration: (i) => i.triageSeconds ?? -1,
  response_duration: (i) => i.responseSeconds ?? -1,
};
const compareKeys = (a: string | number, b: string | number) => (typeof a === 'string' ? compareText(a, b as string) : a - (b as number));

interface Order {
  text: string;
  compare(a: IncidentRecord, b: IncidentRecord): number;
}

const orderOf: fc.Arbitrary<Order> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...Object.keys(SORT_KEYS)), fc.constantFrom('asc', 'desc', '')), { minLength: 0, maxLength: 2, selector: ([field]) => field })
  .map((terms) => {
    // Without orderBy the list is oldest first; every order ends with uuid in the last term's direction.
    const effective = terms.length === 0 ? [['create_time', 'asc'] as const] : terms;
    const last = effective.at(-1)![1] === 'desc' ? -1 : 1;
    return {
      text: terms.map(([field, direction]) => `${field}${direction === '' ? '' : ` ${direction}`}`).join(', '),
      compare: (a: IncidentRecord, b: IncidentRecord) => {
        for (const [field, direction] of effective) {
          const difference = compareKeys(SORT_KEYS[field]!(a), SORT_KEYS[field]!(b));
          if (difference !== 0) return direction === 'desc' ? -difference : difference;
        }
        return effective.some(([field]) => field === 'uuid') ? 0 : last * compareText(a.uuid, b.uuid);
      },
    };
  });

t.test(`${RUNS} random filters: served, in-process and an independent evaluator agree on set and order`, async (t) => {
  const dataset = LAYOUT.open('differential', ':memory:');
  t.teardown(() => dataset.close());
  LAYOUT.seed(dataset, { kind: 'generated', count: 80, seed: 7, fixturesDir: DEFAULT_FIXTURES_DIR });
  const uuids = (dataset.db.prepare('SELECT uuid FROM eset_incidents').all() as Array<{ uuid: string }>).map((row) => row.uuid);
  // Strings beyond the BMP and ones that order differently by UTF-16 unit and by code point.
  const tricky = ['\u{1F600} first', '\uff5e wave', 'Zeta', 'alpha', ''];
  tricky.forEach((name, index) => dataset.db.prepare('UPDATE eset_incidents SET display_name = ? WHERE uuid = ?').run(name, uuids[index]));
  const incidents = uuids.map((uuid) => esetStore(dataset).incidents.get(uuid)!);
  const pools: Pools = {
    strings: {
      uuid: uuids.slice(0, 20),
      display_name: incidents.map((i) => i.displayName).slice(0, 30),
      description: incidents.map((i) => i.description).slice(0, 10),
      assignee_uuid: [...new Set(incidents.map((i) => i.assigneeUuid))],
    },
    times: incidents.flatMap((i) => [i.createTime, i.updateTime]).slice(0, 40),
    tags: [...new Set(incidents.flatMap((i) => i.tags))],
    devices: [...new Set(incidents.flatMap((i) => i.deviceUuids))].slice(0, 20),
  };
  const clock = new ControllableClock();
  const tokens = new PageTokenCodec(Buffer.alloc(32, 7), clock);
  const served = new IncidentLister(tokens);
  const inProcess = new IncidentLister(tokens, undefined, { sql: false });
  const listAll = async (lister: IncidentLister, filter: string, orderBy: string, pageSize: number) => {
    const uuidsSeen: string[] = [];
    let pageToken = '';
    do {
      const page = await lister.list(esetStore(dataset).incidents, { filter, orderBy, pageSize, pageToken });
      uuidsSeen.push(...(JSON.parse(`[${page.items}]`) as Array<{ uuid: string }>).map((item) => item.uuid));
      pageToken = page.nextPageToken;
    } while (pageToken !== '' && uuidsSeen.length <= incidents.length);
    return uuidsSeen;
  };

  let compared = 0;
  let nonEmpty = 0;
  await fc.assert(
    fc.asyncProperty(filterOf(pools), orderOf, fc.integer({ min: 2, max: 60 }), async (filter, order, pageSize) => {
      const expected = incidents.filter((i) => filter.evaluate(i) === true).sort(order.compare).map((i) => i.uuid);
      const viaList = await listAll(served, filter.text, order.text, pageSize);
      const viaProcess = await listAll(inProcess, filter.text, order.text, pageSize);
      compared++;
      if (expected.length > 0) nonEmpty++;
      if (JSON.stringify(viaList) !== JSON.stringify(expected)) throw new Error(`served list differs for filter=${filter.text} orderBy=${order.text} pageSize=${pageSize}: ${viaList.length} rows, expected ${expected.length}`);
      if (JSON.stringify(viaProcess) !== JSON.stringify(expected)) throw new Error(`in-process list differs for filter=${filter.text} orderBy=${order.text} pageSize=${pageSize}: ${viaProcess.length} rows, expected ${expected.length}`);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  t.equal(compared, RUNS, `${compared} filters compared, each over every page`);
  t.ok(nonEmpty > RUNS / 4, `${nonEmpty} of them select something`);
});
