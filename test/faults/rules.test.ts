import t from 'tap';
import { ControllableClock } from '../../src/clock.js';
import { FaultEngine, type FaultContext } from '../../src/faults/engine.js';
import { parseFaultHeader, describeAction, FaultHeaderError } from '../../src/faults/header.js';
import { FaultRuleError, parseFaultRule } from '../../src/faults/rules.js';
import { TEST_NOW } from '../helpers.js';

const APIS = ['eset', 'adversarial'];

const context = (overrides: Partial<FaultContext> = {}): FaultContext => ({
  api: 'eset',
  method: 'GET',
  route: '/v2/incidents',
  operationId: 'Incidents_ListIncidents',
  tenant: 'default',
  headers: {},
  ...overrides,
});

function engineWith(rules: unknown[]) {
  const clock = new ControllableClock();
  clock.freeze(TEST_NOW);
  const engine = new FaultEngine(clock, 1, APIS);
  engine.replace(rules);
  return { engine, clock };
}

/** Which of n requests the engine answers with a fault (1-based). */
function firing(engine: FaultEngine, n: number, ctx = context()): number[] {
  const fired: number[] = [];
  for (let i = 1; i <= n; i++) if (engine.decide(ctx)) fired.push(i);
  return fired;
}

t.test('every match field narrows the rule', async (t) => {
  const cases: Array<[Record<string, unknown>, Partial<FaultContext>, boolean]> = [
    [{ api: 'eset' }, {}, true],
    [{ api: 'adversarial' }, {}, false],
    [{ method: 'get' }, {}, true],
    [{ method: 'POST' }, {}, false],
    [{ route: '/v2/incidents' }, {}, true],
    [{ route: '/v2/incidents/:incidentUuid' }, {}, false],
    [{ operationId: 'Incidents_ListIncidents' }, {}, true],
    [{ operationId: 'Incidents_GetIncident' }, {}, false],
    [{ tenant: 'w1' }, { tenant: 'w1' }, true],
    [{ tenant: 'w1' }, {}, false],
    [{ header: { name: 'X-Chaos' } }, { headers: { 'x-chaos': 'yes' } }, true],
    [{ header: { name: 'x-chaos', value: 'yes' } }, { headers: { 'x-chaos': 'no' } }, false],
    [{ header: { name: 'x-chaos' } }, {}, false],
    [{}, {}, true],
  ];
  for (const [match, ctx, expected] of cases) {
    const { engine } = engineWith([{ match, action: { status: 503 } }]);
    t.equal(engine.decide(context(ctx)) !== undefined, expected, JSON.stringify([match, ctx]));
  }
});

t.test('first matching rule that fires wins; later rules keep their counters', async (t) => {
  const { engine } = engineWith([
    { id: 'first', match: { method: 'POST' }, action: { status: 500 } },
    { id: 'twice', action: { status: 503 }, schedule: { times: 2 } },
    { id: 'rest', action: { status: 429 } },
  ]);
  const ids = Array.from({ length: 4 }, () => engine.decide(context())?.rule.id);
  t.same(ids, ['twice', 'twice', 'rest', 'rest']);
  t.equal(engine.decide(context({ method: 'POST' }))?.rule.id, 'first');
  t.same(engine.list().map((rule) => [rule.id, rule.matched, rule.fired]), [['first', 1, 1], ['twice', 2, 2], ['rest', 2, 2]]);
});

t.test('schedules: times, every, probability with a seed, expiry', async (t) => {
  t.same(firing(engineWith([{ action: { status: 503 }, schedule: { times: 2 } }]).engine, 5), [1, 2]);
  t.same(firing(engineWith([{ action: { status: 503 }, schedule: { every: 3 } }]).engine, 10), [3, 6, 9]);
  t.same(firing(engineWith([{ action: { status: 503 }, schedule: { every: 2, times: 2 } }]).engine, 10), [2, 4]);

  const seeded = () => engineWith([{ action: { status: 503 }, schedule: { probability: 0.3, seed: 42 } }]).engine;
  const sequence = firing(seeded(), 20);
  t.same(sequence, firing(seeded(), 20), 'the same seed gives the same sequence');
  t.same(sequence, [2, 6, 8, 10, 12, 19], 'the fixed sequence of seed 42');
  t.not(JSON.stringify(firing(engineWith([{ action: { status: 503 }, schedule: { probability: 0.3, seed: 43 } }]).engine, 20)), JSON.stringify(sequence));
  t.same(firing(engineWith([{ action: { status: 503 }, schedule: { probability: 0 } }]).engine, 20), []);
  t.same(firing(engineWith([{ action: { status: 503 }, schedule: { probability: 1 } }]).engine, 3), [1, 2, 3]);

  const expiring = engineWith([{ action: { status: 503 }, schedule: { for: '90s' } }]);
  t.ok(expiring.engine.decide(context()));
  expiring.clock.advance(89_999);
  t.ok(expiring.engine.decide(context()));
  expiring.clock.advance(1);
  t.notOk(expiring.engine.decide(context()), 'expired on the emulator clock');
  t.equal(expiring.engine.list()[0]!.schedule.until, '2026-11-20T12:01:30Z');

  const until = engineWith([{ action: { status: 503 }, schedule: { until: '2026-11-20T12:00:01Z' } }]);
  t.ok(until.engine.decide(context()));
  until.clock.advance(1000);
  t.notOk(until.engine.decide(context()));
});

t.test('add, remove, clear by tenant', async (t) => {
  const { engine } = engineWith([{ id: 'a', action: { status: 503 } }]);
  engine.add({ id: 'b', match: { tenant: 'w1' }, action: { status: 500 } }, 0);
  engine.add({ action: { drop: true } });
  t.same(engine.list().map((rule) => rule.id), ['b', 'a', 'rule-3']);
  t.same(engine.list('w1').map((rule) => rule.id), ['b']);
  t.throws(() => engine.add({ id: 'a', action: { status: 500 } }), FaultRuleError);
  t.equal(engine.remove('a'), true);
  t.equal(engine.remove('a'), false);
  t.equal(engine.clear('w1'), 1);
  t.equal(engine.clear(), 1);
  t.same(engine.list(), []);
});

t.test('bad rules are rejected with the field named', async (t) => {
  const bad: Array<[unknown, RegExp]> = [
    ['nope', /rule: expected a JSON object/],
    [{}, /rule\.action is required/],
    [{ action: {} }, /rule\.action\.status or latency, pending or drop is required/],
    [{ action: { status: 200 } }, /status must be an integer from 400 to 599/],
    [{ action: { status: 503, drop: true } }, /exclude each other/],
    [{ action: { status: 503, pending: '5s' } }, /exclude each other/],
    [{ action: { drop: false } }, /drop must be true/],
    [{ action: { retryAfter: 3 } }, /retryAfter goes with status/],
    [{ action: { latency: 'slow' } }, /latency must be a duration/],
    [{ action: { latency: { min: 500, max: 100 } } }, /min must not be greater than max/],
    [{ action: { latency: { min: 500 } } }, /min and max are both required/],
    [{ action: { status: 503 }, extra: 1 }, /rule\.extra is not a field here/],
    [{ action: { status: 503 }, match: { api: 'aws' } }, /api must be one of eset, adversarial/],
    [{ action: { status: 503 }, match: { method: 'BREW' } }, /method must be one of/],
    [{ action: { status: 503 }, match: { route: 'v2' } }, /route 'v2' is not valid/],
    [{ action: { status: 503 }, match: { header: {} } }, /name is required/],
    [{ action: { status: 503 }, match: { header: { name: 'x', value: 1 } } }, /value must be a string/],
    [{ action: { status: 503 }, match: { tenant: '../x' } }, /tenant/],
    [{ action: { status: 503 }, schedule: { times: 0 } }, /times must be an integer/],
    [{ action: { status: 503 }, schedule: { every: 1.5 } }, /every must be an integer/],
    [{ action: { status: 503 }, schedule: { probability: 2 } }, /probability must be a number from 0 to 1/],
    [{ action: { status: 503 }, schedule: { seed: 1 } }, /seed goes with probability/],
    [{ action: { status: 503 }, schedule: { probability: 0.5, seed: 1.5 } }, /seed must be an integer or a string/],
    [{ action: { status: 503 }, schedule: { until: 'soon' } }, /until 'soon' is not an RFC 3339 time/],
    [{ action: { status: 503 }, schedule: { until: '2026-01-01T00:00:00Z', for: '1m' } }, /exclude each other/],
    [{ id: 'bad id!', action: { status: 503 } }, /id 'bad id!' is not valid/],
  ];
  for (const [rule, message] of bad) {
    t.throws(() => parseFaultRule(rule, 'rule', TEST_NOW, 'rule-1', APIS), message, JSON.stringify(rule));
  }
  const engine = new FaultEngine(new ControllableClock(), 1, APIS);
  t.throws(() => engine.replace({ nope: [] }), /expected a JSON array of rules/);
  t.throws(() => engine.replace([{ id: 'x', action: { status: 500 } }, { id: 'x', action: { status: 500 } }]), /two rules have the id 'x'/);
  engine.replace({ rules: [{ action: { latency: 5 } }] });
  t.equal(engine.list().length, 1, '{rules: [...]} works too');
});

t.test('the x-emulator-fault header grammar', async (t) => {
  t.same(parseFaultHeader('503'), { status: 503 });
  t.same(parseFaultHeader('429, retry-after=7'), { status: 429, retryAfter: 7 });
  t.same(parseFaultHeader('latency=1500'), { latency: { min: 1500, max: 1500 } });
  t.same(parseFaultHeader('latency=100ms..2s'), { latency: { min: 100, max: 2000 } });
  t.same(parseFaultHeader('202'), { pending: 5000 });
  t.same(parseFaultHeader('202=30s'), { pending: 30_000 });
  t.same(parseFaultHeader('drop'), { drop: true });
  t.same(parseFaultHeader('500,latency=10'), { status: 500, latency: { min: 10, max: 10 } });
  for (const bad of ['', 'x', '200', '302', '999', '503,drop', '202,503', 'latency', 'latency=fast', 'latency=9..1', 'retry-after=5', '503,retry-after=x', '202=soon', 'drop=1', '503,']) {
    t.throws(() => parseFaultHeader(bad), FaultHeaderError, bad);
  }
  t.equal(describeAction({ status: 503, latency: { min: 1, max: 2 } }), '503,latency=1..2');
  t.equal(describeAction({ pending: 5000, latency: { min: 3, max: 3 } }), '202=5000ms,latency=3');
  t.equal(describeAction({ drop: true }), 'drop');
});
