/**
 * Invalid filters: each is refused with a QueryLanguageError that names the culprit and points
 * at it (a 0-based offset into the filter as the client sent it).
 */
import t from 'tap';
import { ESET_FIELDS } from '../../src/apis/eset/filter-fields.js';
import { compileFilter, FILTER_LIMITS, QueryLanguageError } from '../../src/filter/index.js';

/** [filter, position, pattern the message must match] */
type Case = [string, number, RegExp];

const groups: Record<string, Case[]> = {
  limits: [
    [`uuid == "${'x'.repeat(200)}"`, 200, /longer than 200 characters/],
    [`${'('.repeat(30)}true${')'.repeat(30)}`, 24, /nested too deeply \(more than 24 levels\)/],
    [`${'!'.repeat(30)}true`, 24, /nested too deeply/],
    [`${'-'.repeat(30)}1 < metrics.device_count`, 23, /nested too deeply/],
    [`${'!'.repeat(170)}true`, 10, /too complex \(more than 160 terms\)/],
    [`size(tags) in [${Array(65).fill('1').join(',')}]`, 143, /list has more than 64 elements/],
    ['display_name.substring(1,1,1,1,1,1,1,1,1) == ""', 39, /call has more than 8 arguments/],
  ],
  syntax: [
    ['status ==', 9, /syntax error at end of filter/],
    ['status = INCIDENT_STATUS_OPEN', 7, /syntax error at '='/],
    ['(status == INCIDENT_STATUS_OPEN', 31, /syntax error at end of filter: expected '\)'/],
    ['status == INCIDENT_STATUS_OPEN)', 30, /syntax error at '\)'/],
    ['display_name == "abc', 16, /syntax error at '"abc': unterminated string/],
    ['status == INCIDENT_STATUS_OPEN AND', 34, /syntax error at end of filter/],
    ['status == INCIDENT_STATUS_OPEN and severity == 1', 31, /syntax error at 'and'/],
    ['display_name == "x" && && true', 23, /syntax error at '&&'/],
    ['tags.exists(1, true)', 12, /syntax error at '1'/],
  ],
  'unknown names': [
    ['foo == 1', 0, /unknown field 'foo'/],
    ['incident.foo == 1', 9, /unknown field 'incident.foo'/],
    ['incident.metrics.fooCount > 1', 17, /unknown field 'incident.metrics.fooCount'/],
    ['metrics.device_count > 1 && DisplayName == "x"', 28, /unknown field 'DisplayName'/],
    ['display_Name == "x"', 0, /unknown field 'display_Name'/],
    ['has(incident.nope)', 13, /unknown field 'incident.nope'/],
    ['ANDROID == "x"', 0, /unknown (field|enum value) 'ANDROID'/],
    ['status == INCIDENT_STATUS_BOGUS', 10, /unknown enum value 'INCIDENT_STATUS_BOGUS'/],
    ['tags.exists(t, u == "x")', 15, /unknown field 'u'/],
  ],
  'enum values': [
    ['status == INCIDENT_SEVERITY_LEVEL_LOW', 10, /INCIDENT_SEVERITY_LEVEL_LOW is not a value of status/],
    ['severity in [INCIDENT_SEVERITY_LEVEL_LOW, INCIDENT_STATUS_OPEN]', 42, /INCIDENT_STATUS_OPEN is not a value of severity/],
    ['status == "INCIDENT_STATUS_OPEN"', 10, /unquoted: use INCIDENT_STATUS_OPEN instead of "INCIDENT_STATUS_OPEN"/],
    ["status == 'INCIDENT_STATUS_OPEN'", 10, /unquoted: use INCIDENT_STATUS_OPEN instead of 'INCIDENT_STATUS_OPEN'/],
    ['incident.status == "open"', 19, /incident.status is an enum: .*INCIDENT_STATUS_OPEN, not "open"/],
    ['"INCIDENT_SEVERITY_LEVEL_HIGH" == severity', 0, /unquoted: use INCIDENT_SEVERITY_LEVEL_HIGH/],
  ],
  types: [
    ['display_name == 5', 16, /cannot compare display_name \(a string\) with 5 \(an int\)/],
    ['display_name == b"x"', 16, /cannot compare display_name \(a string\) with b"x" \(bytes\)/],
    ['assignee_uuid != null', 17, /cannot compare assignee_uuid \(a string\) with null/],
    ['metrics.device_count == "5"', 24, /cannot compare metrics.device_count \(an int\) with "5" \(a string\)/],
    ['tags == "x"', 8, /cannot compare tags \(a list of strings\) with "x" \(a string\)/],
    ['create_time > 5', 14, /cannot compare create_time \(a timestamp\) with 5/],
    ['triage_duration > "3600s"', 18, /cannot compare triage_duration \(a duration\) with "3600s"/],
    ['size(metrics.device_count) > 1', 5, /size\(\) needs a string or a list, but metrics.device_count is an int/],
    ['metrics.device_count.size() > 1', 0, /size\(\) needs .* metrics.device_count is an int/],
    ['5 in tags', 0, /tags holds strings, but 5 is an int/],
    ['metrics.device_count == 2.0', 0, /type error at 'metrics.device_count': no such overload: int == double/],
    ['tags.exists(t, t == 5)', 15, /type error at 't': no such overload: string == int/],
    ['tags.contains("x")', 0, /type error at 'tags.contains': .*list.contains\(string\)/],
    ['display_name.lowerAscii() == 5', 0, /type error at 'display_name.lowerAscii': no such overload: string == int/],
    ['display_name.foo == "x"', 13, /type error at 'foo'/],
    ['create_time > timestamp("2025-01-01T00:00:00Z") + 1', 14, /type error at 'timestamp'.*timestamp \+ int/],
    ['nosuchfn(display_name)', 0, /type error at 'nosuchfn'/],
    ['!status', 0, /type error at '!'/],
    ['(create_time > "2025-01-01T00:00:00Z") == 1', 1, /type error at 'create_time': no such overload: bool == int/],
  ],
  literals: [
    ['create_time > "yesterday"', 14, /"yesterday" is not an RFC 3339 timestamp/],
    ['update_time < "2025-02-30T00:00:00Z"', 14, /"2025-02-30T00:00:00Z" is not an RFC 3339 timestamp/],
    ['create_time > timestamp("2025-06-01")', 24, /"2025-06-01" is not an RFC 3339 timestamp/],
    ["create_time in ['2025-06-01T10:00:00Z', 'soon']", 40, /'soon' is not an RFC 3339 timestamp/],
    ['triage_duration > duration("1d")', 27, /"1d" is not a duration such as "90m"/],
  ],
  'not a boolean': [
    ['size(tags)', 0, /filter must be a boolean expression, but this one gives int/],
    ['display_name', 0, /filter must be a boolean expression/],
    ['  metrics.device_count + 1', 2, /filter must be a boolean expression/],
  ],
  messages: [
    ['incident', 0, /'incident' is a message, not a value: select one of its fields \(e.g. incident.uuid\)/],
    ['incident.metrics > 1', 9, /'incident.metrics' is a message.*incident.metrics.device_count/],
    ['size(metrics) > 0', 5, /'metrics' is a message/],
  ],
};

for (const [group, cases] of Object.entries(groups)) {
  t.test(group, async (t) => {
    for (const [filter, position, message] of cases) {
      let error: unknown;
      try {
        compileFilter(filter, ESET_FIELDS);
      } catch (e) {
        error = e;
      }
      if (!(error instanceof QueryLanguageError)) {
        t.fail(`${filter}: expected a QueryLanguageError, got ${String(error)}`);
        continue;
      }
      t.match(error.message, message, `${filter}: message`);
      t.equal(error.position, position, `${filter}: position (${error.message})`);
    }
  });
}

t.test('the longest filter allowed is accepted', async (t) => {
  const filter = `display_name == "${'x'.repeat(FILTER_LIMITS.maxLength - 18)}"`;
  t.equal(filter.length, FILTER_LIMITS.maxLength);
  t.doesNotThrow(() => compileFilter(filter, ESET_FIELDS));
});

t.test('realistic long filters pass the complexity limits', async (t) => {
  const filters = [
    Array(12).fill('severity == 1').join(' || '),
    Array(18).fill('status==1').join('&&'),
    `${Array(8).fill('severity==1').join('&&')}&&(${['a', 'b', 'c', 'd', 'e'].map((u) => `uuid=="${u}"`).join('||')})`,
    Array(9).fill('"critical" in tags').join(' && '),
    '((status == INCIDENT_STATUS_OPEN || status == INCIDENT_STATUS_IN_PROGRESS) && severity >= INCIDENT_SEVERITY_LEVEL_MEDIUM) && !tags.exists(t, t.startsWith("x") || t.endsWith("y"))',
    `uuid in [${Array(4).fill('"0b9e2f4c-8f0e-4a57-9c41-6d3b2a1e7f10"').join(', ')}]`,
  ];
  for (const filter of filters) {
    t.ok(filter.length <= FILTER_LIMITS.maxLength, `${filter.length} characters`);
    t.doesNotThrow(() => compileFilter(filter, ESET_FIELDS), filter);
  }
});
