import t from 'tap';
import { ESET_FIELDS } from '../../src/apis/eset/filter-fields.js';
import { parseOrderBy, type FieldCatalog } from '../../src/filter/index.js';

const valid: Array<[string, Array<[string, string, boolean]>]> = [
  ['', []],
  ['   ', []],
  ['create_time desc', [['create_time', 'i.create_time', true]]],
  ['display_name, severity desc', [['display_name', 'i.display_name', false], ['severity', 'i.severity', true]]],
  ['metrics.device_count desc', [['metrics.device_count', 'i.device_count', true]]],
  ['incident.metrics.deviceCount DESC', [['metrics.device_count', 'i.device_count', true]]],
  ['displayName asc', [['display_name', 'i.display_name', false]]],
  ['  updateTime\tDesc ,  severity  ', [['update_time', 'i.update_time', true], ['severity', 'i.severity', false]]],
  ['triageDuration, response_duration ASC', [['triage_duration', 'i.triage_seconds', false], ['response_duration', 'i.response_seconds', false]]],
  ['uuid desc', [['uuid', 'i.uuid', true]]],
];

t.test('valid orderBy values', async (t) => {
  for (const [text, expected] of valid) {
    const terms = parseOrderBy(text, ESET_FIELDS).map((term) => [term.field, term.column, term.descending]);
    t.same(terms, expected, JSON.stringify(text));
  }
});

const invalid: Array<[string, number, RegExp]> = [
  ['create_time sideways', 12, /expected 'asc' or 'desc' after 'create_time', got 'sideways'/],
  [',,', 0, /empty orderBy term/],
  ['create_time,', 12, /empty orderBy term/],
  ['create_time, , severity', 13, /empty orderBy term/],
  ['create_time desc extra', 17, /unexpected 'extra'/],
  ['foo', 0, /unknown field 'foo'/],
  ['severity, foo desc', 10, /unknown field 'foo'/],
  ['metrics', 0, /unknown field 'metrics'/],
  ['display_name.size', 0, /unknown field 'display_name.size'/],
  ['tags', 0, /'tags' cannot be used in orderBy \(lists are not sortable\)/],
  ['severity, incident.deviceUuids desc', 10, /'incident.deviceUuids' cannot be used in orderBy/],
  ['create_time, createTime desc', 13, /'createTime' appears more than once/],
  ['create-time', 0, /'create-time' is not a field name/],
  ['severity desc;', 9, /expected 'asc' or 'desc' after 'severity', got 'desc;'/],
  [`${'display_name, '.repeat(8)}x`, 100, /orderBy is longer than 100 characters/],
];

t.test('invalid orderBy values', async (t) => {
  for (const [text, position, message] of invalid) {
    t.throws(() => parseOrderBy(text, ESET_FIELDS), { name: 'QueryLanguageError', message, position }, JSON.stringify(text));
  }
});

t.test('a field the catalog marks unsortable', async (t) => {
  const catalog: FieldCatalog = {
    rowId: 'x.id',
    fields: {
      name: { kind: 'scalar', type: 'string', column: 'x.name' },
      secret: { kind: 'scalar', type: 'string', column: 'x.secret', sortable: false },
    },
  };
  t.same(parseOrderBy('name desc', catalog), [{ field: 'name', column: 'x.name', descending: true }]);
  t.throws(() => parseOrderBy('name, secret', catalog), { name: 'QueryLanguageError', position: 6, message: /'secret' cannot be used in orderBy$/ });
  t.throws(() => parseOrderBy('incident.name', catalog), { position: 0, message: /unknown field 'incident.name'/ });
});
