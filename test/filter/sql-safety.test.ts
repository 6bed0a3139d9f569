/**
 * Values are parameters, never SQL text; column SQL comes only from the catalog; the compiler
 * holds no API names (a catalog of another shape works the same); the residual never throws.
 */
import t from 'tap';
import { ESET_FIELDS } from '../../src/apis/eset/filter-fields.js';
import { compileFilter, type FieldCatalog } from '../../src/filter/index.js';
import { ALL, openDatabase, select } from './fixtures/incidents.js';

const db = openDatabase();
t.teardown(() => db.close());

t.test('a hostile string is only ever a parameter', async (t) => {
  const hostile = `'); DROP TABLE eset_incidents; --`;
  const filters = [
    `display_name == "${hostile}"`,
    `display_name.contains("${hostile}")`,
    `display_name.startsWith("${hostile}") || display_name.endsWith("${hostile}")`,
    `"${hostile}" in tags`,
    `tags.exists(t, t == "${hostile}")`,
    `uuid in ["${hostile}"]`,
    `display_name.matches("' DROP TABLE eset_incidents --")`,
  ];
  for (const filter of filters) {
    const compiled = compileFilter(filter, ESET_FIELDS);
    t.notMatch(compiled.sql, /DROP|'/, `${filter}: no value in the SQL text`);
    if (compiled.residual === null) t.ok(compiled.params.includes(hostile), `${filter}: the value is a parameter`);
    t.same(select(db, filter).uuids, [], filter);
  }
  t.equal((db.prepare('SELECT count(*) AS n FROM eset_incidents').get() as { n: number }).n, 12, 'the table is intact');
});

t.test('string functions compile to instr/substr, never LIKE', async (t) => {
  for (const filter of ['display_name.contains("50%")', 'display_name.startsWith("a_")', 'display_name.endsWith("%")', 'tags.exists(t, t.startsWith("5_"))']) {
    const { sql } = compileFilter(filter, ESET_FIELDS);
    t.notMatch(sql, /LIKE|GLOB/i, filter);
    t.match(sql, /instr\(|substr\(/, filter);
  }
});

t.test('literals the in-process evaluator gets back exactly', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['b"\\xff\\x00" != b"a" && display_name + "" != "\\n\\t\\x01\\\\\\"\'"', ALL],
    ['2u > 1u && metrics.device_count < 1e300', ALL],
    ['-1.5 < double(metrics.device_count) && 0.25 + 0.5 == 0.75', ALL],
    ['null == null && display_name + "\\u00fc" == "abcabcü"', ['i11']],
    ['dyn(status == INCIDENT_STATUS_OPEN)', ['i01', 'i02', 'i08', 'i12']],
    ['dyn(display_name)', []],
    ['metrics.device_count == -9223372036854775808', []],
  ];
  for (const [filter, expected] of cases) {
    const selection = select(db, filter);
    t.same(selection.uuids, expected, filter);
    t.ok(selection.hasResidual, `${filter}: evaluated in process`);
  }
});

t.test('names the generated CEL uses cannot clash with the client’s', async (t) => {
  t.same(select(db, 'tags.exists(__v0, __v0 == "critical")').uuids, ['i01', 'i03', 'i08', 'i10', 'i12']);
  t.same(select(db, 'tags.exists_one(__h0, __h0 == "critical") && [1].exists(___v, ___v == 1)').uuids, [
    'i01',
    'i03',
    'i08',
    'i10',
    'i12',
  ]);
});

t.test('a row the residual cannot evaluate does not match, and nothing throws', async (t) => {
  // A pattern built at run time that RE2 refuses is an evaluation error, as in CEL.
  t.same(select(db, 'display_name.matches(display_name + "[")').uuids, []);
  t.same(select(db, 'int(display_name) > 0').uuids, []);
  // Division by zero only for i01 (12 devices).
  t.same(select(db, 'metrics.device_count / (metrics.device_count - 12) == 0').uuids, ['i02', 'i03', 'i04', 'i05', 'i07', 'i09', 'i11']);
  const { residual } = compileFilter('display_name.lowerAscii() == "x" || size(tags) > 0', ESET_FIELDS);
  t.equal(residual?.({}), false, 'a row without the fields');
  t.equal(residual?.({ display_name: 5, tags: 'not a list' }), false, 'a row with values of the wrong type');
  t.equal(residual?.({ display_name: 'X', tags: [] }), true);
});

t.test('the compiler works from any catalog', async (t) => {
  const catalog: FieldCatalog = {
    rowId: 'p.rowid',
    fields: {
      title: { kind: 'scalar', type: 'string', column: 'p.title' },
      'stats.views': { kind: 'scalar', type: 'int', column: 'p.views' },
      state: { kind: 'scalar', type: 'enum', column: 'p.state', enumValues: ['STATE_UNSPECIFIED', 'STATE_DRAFT', 'STATE_LIVE'] },
      labels: {
        kind: 'list',
        elementType: 'string',
        column: 'p.labels',
        countColumn: 'p.label_count',
        membership: { table: 'post_labels', valueColumn: 'label', rowIdColumn: 'post_rowid' },
      },
    },
  };
  const compiled = compileFilter('stats.views > 10 && state == STATE_LIVE && "x" in labels AND title.startsWith("a")', catalog);
  t.equal(
    compiled.sql,
    '(p.views > ? AND p.state = ? AND p.rowid IN (SELECT post_rowid FROM post_labels WHERE label = ?) AND substr(p.title, 1, ?) = ?)',
  );
  t.same(compiled.params, [10, 2, 'x', 1, 'a']);
  t.throws(() => compileFilter('incident.title == "a"', catalog), { message: /unknown field 'incident'/, position: 0 });
  t.throws(() => compileFilter('state == INCIDENT_STATUS_OPEN', catalog), { message: /unknown enum value/ });
  t.throws(() => compileFilter('stats == 1', catalog), { message: /'stats' is a message.*stats.views/ });
});

t.test('a nullable timestamp keeps NULL semantics in both stages', async (t) => {
  const catalog: FieldCatalog = {
    rowId: 'p.rowid',
    fields: { closed: { kind: 'scalar', type: 'timestamp', column: 'p.closed', nullable: true } },
  };
  const at = Date.parse('2025-06-01T10:00:00Z');
  const equal = compileFilter('closed == timestamp("2025-06-01T10:00:00.0005Z")', catalog);
  t.same([equal.sql, equal.params], ['(p.closed <> p.closed)', []], 'never equal, yet NULL where the column is');
  const notEqual = compileFilter('closed != "2025-06-01T10:00:00.0005Z"', catalog);
  t.equal(notEqual.sql, '(p.closed = p.closed)');
  const presence = compileFilter('has(closed)', catalog);
  t.equal(presence.sql, 'p.closed IS NOT NULL');

  const inProcess = (filter: string) => compileFilter(filter, catalog, { sql: false }).residual!;
  t.equal(inProcess('closed == timestamp("2025-06-01T10:00:00.0005Z")')({ closed: at }), false);
  t.equal(inProcess('closed != timestamp("2025-06-01T10:00:00.0005Z")')({ closed: at }), true);
  t.equal(inProcess('closed != timestamp("2025-06-01T10:00:00.0005Z")')({ closed: null }), false);
  t.equal(inProcess('!(closed == timestamp("2025-06-01T10:00:00.0005Z"))')({ closed: null }), false);
  t.equal(inProcess('has(closed)')({ closed: null }), false);
  t.equal(inProcess('has(closed)')({ closed: at }), true);
});

