/**
 * What filters select, end to end: compiled, run as SQL against the real schema, residual
 * applied. Every case is also run wholly in process (`sql: false`): both paths must agree with
 * the expected uuids, so the SQL translation and the CEL evaluation check each other.
 */
import t from 'tap';
import { ALL, openDatabase, select } from './fixtures/incidents.js';

const db = openDatabase();
t.teardown(() => db.close());

const except = (...uuids: string[]): string[] => ALL.filter((uuid) => !uuids.includes(uuid));

/** [filter, expected uuids, where it must run: 'sql' entirely in SQL, 'residual' partly or
 * wholly in process, undefined when either is acceptable] */
type Case = [string, string[], ('sql' | 'residual')?];

const groups: Record<string, Case[]> = {
  'documented examples': [
    ['incident.create_time >= timestamp("2024-10-01T12:41:39+00:00")', except('i09'), 'sql'],
    ['incident.assignee_uuid == "u-alice"', ['i01', 'i04', 'i12'], 'sql'],
    ['incident.displayName.contains("abc")', ['i04', 'i11'], 'sql'],
    ['size(incident.device_uuids) >= 10', ['i01', 'i06', 'i12'], 'sql'],
    ['has(incident.assignee_uuid)', ['i01', 'i03', 'i04', 'i06', 'i10', 'i12'], 'sql'],
    [
      'incident.create_time >= timestamp("2025-04-07T00:00:00Z") && incident.create_time <= timestamp("2025-04-18T23:59:59Z")',
      ['i02', 'i03', 'i10'],
      'sql',
    ],
    ['status == INCIDENT_STATUS_OPEN', ['i01', 'i02', 'i08', 'i12'], 'sql'],
    [
      'incident.severity in [INCIDENT_SEVERITY_LEVEL_LOW, INCIDENT_SEVERITY_LEVEL_MEDIUM]',
      ['i02', 'i03', 'i05', 'i07', 'i08', 'i09', 'i12'],
      'sql',
    ],
  ],
  'real-client forms': [
    ['status == INCIDENT_STATUS_OPEN AND severity == INCIDENT_SEVERITY_LEVEL_HIGH', ['i01'], 'sql'],
    ['status == INCIDENT_STATUS_CLOSED OR status == INCIDENT_STATUS_WAITING_FOR_INPUT', ['i04', 'i05', 'i06', 'i09', 'i10'], 'sql'],
    ['NOT (status == INCIDENT_STATUS_OPEN)', except('i01', 'i02', 'i08', 'i12'), 'sql'],
    ['NOT status == INCIDENT_STATUS_OPEN', except('i01', 'i02', 'i08', 'i12'), 'sql'],
    ['NOT NOT status == INCIDENT_STATUS_OPEN', ['i01', 'i02', 'i08', 'i12'], 'sql'],
    ['NOT metrics.device_count + 1 > 10 AND status == INCIDENT_STATUS_OPEN', ['i02', 'i08'], 'residual'],
    ["incident.create_time >= timestamp('2025-06-01T10:00:00Z')", ['i06', 'i07', 'i12'], 'sql'],
    ['updateTime > "2026-06-24T08:00:00Z"', ['i01', 'i04', 'i12'], 'sql'],
    ['"2026-06-24T08:00:00Z" < update_time', ['i01', 'i04', 'i12'], 'sql'],
    ["update_time >= '2026-06-24T08:00:00Z'", ['i01', 'i03', 'i04', 'i12'], 'sql'],
    ['create_time == "2025-06-01T12:00:00.001+02:00"', ['i07'], 'sql'],
    ['display_name == "AND OR NOT"', ['i06'], 'sql'],
    ["display_name == 'AND OR NOT' AND status == INCIDENT_STATUS_WAITING_FOR_INPUT", ['i06'], 'sql'],
    ['"AND" in tags', ['i06'], 'sql'],
    ['incident.metrics.deviceCount <= 2', ['i02', 'i04', 'i09', 'i11'], 'sql'],
    ['incident.deviceUuids.exists(d, d == "dev-09")', ['i01', 'i06', 'i10'], 'sql'],
  ],
  'comparisons and logic': [
    ['severity >= INCIDENT_SEVERITY_LEVEL_MEDIUM', ['i01', 'i02', 'i06', 'i07', 'i08', 'i10'], 'sql'],
    ['severity < INCIDENT_SEVERITY_LEVEL_MEDIUM', ['i03', 'i04', 'i05', 'i09', 'i11', 'i12'], 'sql'],
    ['INCIDENT_SEVERITY_LEVEL_HIGH == severity', ['i01', 'i06', 'i10'], 'sql'],
    ['severity == 3', ['i01', 'i06', 'i10'], 'sql'],
    ['status != INCIDENT_STATUS_CLOSED', except('i04', 'i05', 'i09', 'i10'), 'sql'],
    ['metrics.device_count > 9', ['i01', 'i06', 'i12'], 'sql'],
    ['metrics.device_count > 2.5', ['i01', 'i03', 'i05', 'i06', 'i07', 'i08', 'i10', 'i12'], 'sql'],
    ['metrics.device_count >= -1', ALL, 'sql'],
    ['metrics.executable_count == metrics.process_count', except('i01', 'i02', 'i06'), 'sql'],
    ['create_time < update_time', except('i11'), 'sql'],
    [
      '(severity == INCIDENT_SEVERITY_LEVEL_HIGH || severity == INCIDENT_SEVERITY_LEVEL_LOW) && status == INCIDENT_STATUS_OPEN',
      ['i01', 'i12'],
      'sql',
    ],
    ['!(status == INCIDENT_STATUS_OPEN) && !has(incident.assignee_uuid)', ['i05', 'i07', 'i09', 'i11'], 'sql'],
    ['uuid in ["i01", "i05", "nope"]', ['i01', 'i05'], 'sql'],
    ['status in []', [], 'sql'],
    ['resolve_reason in [INCIDENT_RESOLVE_REASON_TRUE_POSITIVE, INCIDENT_RESOLVE_REASON_SUSPICIOUS]', ['i04', 'i09', 'i10'], 'sql'],
    ['display_name == "O\'Brien \\"quoted\\""', ['i07'], 'sql'],
    ["display_name == 'O\\'Brien \"quoted\"'", ['i07'], 'sql'],
    ['display_name < "B"', ['i06'], 'sql'],
    ['incident.assignee_uuid == ""', ['i02', 'i05', 'i07', 'i08', 'i09', 'i11'], 'sql'],
    ['has(incident.assignee_uuid) == false', ['i02', 'i05', 'i07', 'i08', 'i09', 'i11'], 'sql'],
    ['true', ALL, 'sql'],
    ['false', [], 'sql'],
    ['!false && true', ALL, 'sql'],
  ],
  'strings (no LIKE: % and _ are literal)': [
    ['display_name.contains("%")', ['i05'], 'sql'],
    ['description.contains("_")', ['i05'], 'sql'],
    ['tags.exists(t, t == "50%_off")', ['i04'], 'sql'],
    ['tags.exists(t, t.startsWith("50%"))', ['i04'], 'sql'],
    ['tags.exists(t, t.endsWith("_off"))', ['i04'], 'sql'],
    ['display_name.startsWith("abc")', ['i04', 'i11'], 'sql'],
    ['display_name.endsWith("FS01")', ['i01', 'i10'], 'sql'],
    ['display_name.endsWith("a much longer suffix than any name")', [], 'sql'],
    ['display_name.startsWith("") && display_name.endsWith("") && display_name.contains("")', ALL, 'sql'],
    ['display_name.endsWith("🚀") && display_name.startsWith("Unicode ü")', ['i08'], 'sql'],
    ['size(display_name) > 12', ['i01', 'i02', 'i03', 'i04', 'i05', 'i07', 'i08'], 'sql'],
    ['size(display_name) == 17', ['i08'], 'sql'],
    ['display_name.size() == 6', ['i11'], 'sql'],
    ['display_name.contains(description)', except('i01', 'i05', 'i09'), 'sql'],
    ['display_name.matches("^[a-z]+$")', ['i11'], 'residual'],
  ],
  'has() (proto3 presence)': [
    ['has(incident.triage_duration)', ['i03', 'i04', 'i05', 'i06', 'i07', 'i09', 'i10'], 'sql'],
    ['!has(incident.response_duration)', except('i04', 'i05', 'i09', 'i10'), 'sql'],
    ['has(tags)', except('i02', 'i09'), 'sql'],
    ['has(incident.severity)', except('i04', 'i11'), 'sql'],
    ['has(incident.create_time)', ALL, 'sql'],
    ['has(incident.metrics)', ALL, 'sql'],
    ['has(incident.metrics.device_count)', except('i04', 'i09'), 'sql'],
  ],
  'lists': [
    ['"critical" in tags', ['i01', 'i03', 'i08', 'i10', 'i12'], 'sql'],
    ['"dev-09" in incident.deviceUuids', ['i01', 'i06', 'i10'], 'sql'],
    ['"det-3" in detection_uuids', ['i03'], 'sql'],
    ['size(tags) == 0', ['i02', 'i09'], 'sql'],
    ['tags.size() >= 2', ['i01', 'i03', 'i08', 'i10'], 'sql'],
    ['size(incident.device_uuids) in [1, 3]', ['i02', 'i03', 'i05', 'i10'], 'sql'],
    ['tags.exists(t, t == "phishing")', ['i07', 'i08'], 'sql'],
    ['tags.all(t, t.startsWith("c") || t.startsWith("l"))', ['i02', 'i03', 'i09', 'i12'], 'sql'],
    ['tags.exists(t, t in ["malware", "ransomware"])', ['i01', 'i10'], 'sql'],
    ['tags.exists(t, size(t) > 9)', ['i01'], 'sql'],
    ['tags.exists(t, t == display_name || t in device_uuids)', [], 'sql'],
    ['tags.exists(t, tags.exists(u, u != t && u.startsWith("l")) && t == "critical")', ['i03', 'i08'], 'sql'],
    ['tags.exists_one(t, t == "critical")', ['i01', 'i03', 'i08', 'i10', 'i12'], 'residual'],
    ['tags.filter(t, t.startsWith("c")).size() == 1', ['i01', 'i03', 'i08', 'i10', 'i12'], 'residual'],
    ['tags.map(t, t.lowerAscii()).exists(t, t == "and")', ['i06'], 'residual'],
    ['tags == ["malware", "critical"]', ['i10'], 'residual'],
    ['tags.all(t, triage_duration > duration("1h"))', ['i02', 'i04', 'i07', 'i09', 'i10'], 'residual'],
    ['cel.bind(x, "critical", x in tags)', ['i01', 'i03', 'i08', 'i10', 'i12'], 'residual'],
  ],
  'durations (NULL never matches a comparison)': [
    ['triage_duration > duration("1h")', ['i04', 'i07', 'i10'], 'sql'],
    ['triage_duration >= duration("90m")', ['i04', 'i10'], 'sql'],
    ['triage_duration < duration("90m")', ['i03', 'i05', 'i06', 'i07', 'i09'], 'sql'],
    ['triage_duration == duration("0s")', ['i09'], 'sql'],
    ['triage_duration != duration("1h")', ['i03', 'i04', 'i05', 'i07', 'i09', 'i10'], 'sql'],
    ['!(triage_duration > duration("1h"))', ['i03', 'i05', 'i06', 'i09'], 'sql'],
    ['triage_duration > duration("5399.5s")', ['i04', 'i10'], 'sql'],
    ['triage_duration >= duration("5399.5s")', ['i04', 'i10'], 'sql'],
    ['triage_duration <= duration("1h29m59.5s")', ['i03', 'i05', 'i06', 'i07', 'i09'], 'sql'],
    ['triage_duration == duration("5399.5s")', [], 'sql'],
    ['!(triage_duration == duration("5399.5s"))', ['i03', 'i04', 'i05', 'i06', 'i07', 'i09', 'i10'], 'sql'],
    ['triage_duration != duration("5399.5s")', ['i03', 'i04', 'i05', 'i06', 'i07', 'i09', 'i10'], 'sql'],
    ['responseDuration >= triageDuration', ['i04', 'i05', 'i09', 'i10'], 'sql'],
    ['triage_duration > duration("1h") || status == INCIDENT_STATUS_OPEN', ['i01', 'i02', 'i04', 'i07', 'i08', 'i10', 'i12'], 'sql'],
    ['triage_duration in [duration("10m"), duration("1m"), duration("0.5s")]', ['i03', 'i05'], 'sql'],
    ['triage_duration + duration("1h") > duration("2h")', ['i04', 'i07', 'i10'], 'residual'],
  ],
  'timestamps (exact below the millisecond)': [
    ['create_time > timestamp("2025-06-01T10:00:00.0005Z")', ['i07', 'i12'], 'sql'],
    ['create_time >= timestamp("2025-06-01T10:00:00.0005Z")', ['i07', 'i12'], 'sql'],
    ['create_time < timestamp("2025-06-01T10:00:00.0005Z")', except('i07', 'i12'), 'sql'],
    ['create_time <= "2025-06-01T10:00:00.0005Z"', except('i07', 'i12'), 'sql'],
    ['create_time == timestamp("2025-06-01T10:00:00.0005Z")', [], 'sql'],
    ['create_time != timestamp("2025-06-01T10:00:00.0005Z")', ALL, 'sql'],
    ['create_time > timestamp("2023-12-31T23:59:59.998999999Z")', ALL, 'sql'],
    ['create_time < timestamp("2023-12-31T23:59:59.999000001Z")', ['i09'], 'sql'],
    ['create_time in ["2025-06-01T10:00:00Z", timestamp("2025-04-07T00:00:00Z"), "2025-01-01T00:00:00.5000001Z"]', ['i02', 'i06'], 'sql'],
    ['create_time.getFullYear() == 2024', ['i05'], 'residual'],
    ['timestamp("2025-01-01T00:00:00Z") - create_time > duration("24h")', ['i05', 'i09'], 'residual'],
    [
      'create_time < timestamp("2025-06-01T10:00:00.0005Z") || display_name.matches("^Last")',
      except('i07'),
      'residual',
    ],
  ],
  'evaluated in process': [
    ['displayName.lowerAscii() == "abc lowercase"', ['i04'], 'residual'],
    ['display_name + "!" == "abcabc!"', ['i11'], 'residual'],
    ['metrics.device_count * 2 > 30', ['i06'], 'residual'],
    ['(metrics.device_count > 10 ? "big" : "small") == "big"', ['i01', 'i06'], 'residual'],
    ['status == INCIDENT_STATUS_OPEN || display_name.matches("FS0[0-9]$")', ['i01', 'i02', 'i08', 'i10', 'i12'], 'residual'],
    ['int(severity) + 0 == 3', ['i01', 'i06', 'i10'], 'residual'],
    ['metrics.device_count == 9223372036854775807', [], 'residual'],
    ['metrics.device_count < 9223372036854775807', ALL, 'residual'],
    ['dyn(display_name) == "abcabc"', ['i11'], 'residual'],
    ['[1, 2, 3].exists(n, n == severity)', except('i04', 'i11'), 'residual'],
    ['{"a": status}["a"] == INCIDENT_STATUS_CLOSED', ['i04', 'i05', 'i09', 'i10'], 'residual'],
    ['type(display_name) == string', ALL, 'residual'],
    ['display_name.startsWith(description)', except('i01', 'i05', 'i09'), 'residual'],
  ],
};

for (const [group, cases] of Object.entries(groups)) {
  t.test(group, async (t) => {
    for (const [filter, expected, where] of cases) {
      const both = select(db, filter);
      const inProcess = select(db, filter, { sql: false });
      t.same(both.uuids, expected, filter);
      t.same(inProcess.uuids, expected, `${filter} (in process only)`);
      if (where === 'sql') t.equal(both.hasResidual, false, `${filter}: wholly in SQL`);
      if (where === 'residual') t.equal(both.hasResidual, true, `${filter}: needs the residual`);
    }
  });
}

t.test('a filter splits into SQL conjuncts and a residual', async (t) => {
  const s = select(db, 'severity == INCIDENT_SEVERITY_LEVEL_HIGH && display_name.matches("^Malware")');
  t.same(s.uuids, ['i10']);
  t.equal(s.sqlRows, 3, 'SQL narrows to the HIGH incidents before the residual runs');
  t.match(s.sql, /^i\.severity = \?$/);

  const mixedOr = select(db, 'status == INCIDENT_STATUS_OPEN || display_name.matches("FS0[0-9]$")');
  t.equal(mixedOr.sql, '1', 'an OR with an untranslatable side goes to the residual whole');
  t.equal(mixedOr.sqlRows, 12);
});

t.test('empty and whitespace filters select everything', async (t) => {
  for (const filter of ['', '   ', '\n\t']) {
    const s = select(db, filter);
    t.same(s.uuids, ALL);
    t.same([s.sql, s.params, s.hasResidual], ['1', [], false]);
  }
});
