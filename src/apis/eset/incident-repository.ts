/**
 * All SQL of ESET incidents and their comments. Knows nothing of HTTP or the wire shape: it
 * speaks IncidentRecord and the compiled filter (comments have their own repository). It keeps
 * each incident's list item JSON beside the row (written by the serializer it is given, the
 * mapper's), so a page of the list is read as ready JSON; store.ts rebuilds it when the mapper's
 * version changes.
 */
import { bulkValues, insertFlatRows } from '../../store/bulk-load.js';
import type { SqliteDatabase } from '../../store/database.js';
import { StatementCache } from '../../store/statement-cache.js';
import { ResidualBudget, type BudgetLimits } from '../../filter/budget.js';
import type { CompiledFilter } from '../../filter/types.js';
import type { IncidentRecord } from './record.js';

/** One orderBy term resolved to SQL; the caller's sort ends with uuid (list-incidents.ts), so every order is total. */
export interface SortTerm {
  /** SQL expression to sort on (never user text: it comes from the field catalogue). */
  expression: string;
  descending: boolean;
}

export type SortKey = Array<string | number>;

export interface ListQuery {
  filter: CompiledFilter;
  sort: readonly SortTerm[];
  /** Key of the last row of the previous page (sort values then uuid), or null for page one. */
  after: SortKey | null;
  limit: number;
  /** Bounds what the in-process part of the filter may examine (default RESIDUAL_BUDGET). */
  budget?: BudgetLimits;
}

export interface ListedIncident {
  rowId: number;
  uuid: string;
  /** The incident as a list item, in wire JSON. */
  json: string;
}

/** Turns a record into its list-item JSON; the repository stores what it returns. */
export type ListItemSerializer = (incident: IncidentRecord) => string;

interface IncidentRow {
  id: number;
  uuid: string;
  display_name: string;
  description: string;
  assignee_uuid: string;
  create_time: number;
  update_time: number;
  severity: number;
  status: number;
  resolve_reason: number;
  device_count: number;
  executable_count: number;
  process_count: number;
  triage_seconds: number | null;
  response_seconds: number | null;
  tags: string;
  device_uuids: string;
  detection_uuids: string;
  list_json: string;
}

const INCIDENT_COLUMNS = `i.id, i.uuid, i.display_name, i.description, i.assignee_uuid, i.create_time, i.update_time,
  i.severity, i.status, i.resolve_reason, i.device_count, i.executable_count, i.process_count,
  i.triage_seconds, i.response_seconds, i.tags, i.device_uuids, i.detection_uuids, i.list_json`;

function rowToRecord(row: IncidentRow): IncidentRecord {
  return {
    uuid: row.uuid,
    displayName: row.display_name,
    description: row.description,
    assigneeUuid: row.assignee_uuid,
    createTime: row.create_time,
    updateTime: row.update_time,
    severity: row.severity,
    status: row.status,
    resolveReason: row.resolve_reason,
    metrics: {
      deviceCount: row.device_count,
      executableCount: row.executable_count,
      processCount: row.process_count,
    },
    triageSeconds: row.triage_seconds,
    responseSeconds: row.response_seconds,
    tags: JSON.parse(row.tags) as string[],
    deviceUuids: JSON.parse(row.device_uuids) as string[],
    detectionUuids: JSON.parse(row.detection_uuids) as string[],
  };
}

/** The columns an insert or update writes, in the order columnValues() gives them (uuid first). */
const WRITE_COLUMNS = [
  'uuid', 'display_name', 'description', 'assignee_uuid', 'create_time', 'update_time', 'severity', 'status',
  'resolve_reason', 'device_count', 'executable_count', 'process_count', 'triage_seconds', 'response_seconds',
  'tags', 'device_uuids', 'detection_uuids', 'tag_count', 'device_uuid_count', 'detection_uuid_count', 'list_json',
] as const;
const TAGS = WRITE_COLUMNS.indexOf('tags');
const DEVICE_UUIDS = WRITE_COLUMNS.indexOf('device_uuids');
const DETECTION_UUIDS = WRITE_COLUMNS.indexOf('detection_uuids');

export type ColumnValue = string | number | null;

/** The side tables of the lists: "x in tags" and exists() become indexed lookups. */
const MEMBERSHIP = [
  { table: 'eset_incident_tags', column: 'tag', list: 'tags', count: 'tag_count' },
  { table: 'eset_incident_devices', column: 'device_uuid', list: 'device_uuids', count: 'device_uuid_count' },
  { table: 'eset_incident_detections', column: 'detection_uuid', list: 'detection_uuids', count: 'detection_uuid_count' },
] as const;

/** A record as the values of WRITE_COLUMNS. */
function columnValues(incident: IncidentRecord, toListJson: ListItemSerializer): ColumnValue[] {
  return [
    incident.uuid,
    incident.displayName,
    incident.description,
    incident.assigneeUuid,
    incident.createTime,
    incident.updateTime,
    incident.severity,
    incident.status,
    incident.resolveReason,
    incident.metrics.deviceCount,
    incident.metrics.executableCount,
    incident.metrics.processCount,
    incident.triageSeconds,
    incident.responseSeconds,
    JSON.stringify(incident.tags),
    JSON.stringify(incident.deviceUuids),
    JSON.stringify(incident.detectionUuids),
    incident.tags.length,
    incident.deviceUuids.length,
    incident.detectionUuids.length,
    toListJson(incident),
  ];
}

/** Columns of a bulk-loaded row: the id, then WRITE_COLUMNS. */
const BULK_COLUMNS = ['id', ...WRITE_COLUMNS];

/** Appends an incident, as the row `id` of a bulk load (insertRows), to `rows`. */
export function appendBulkIncidentRow(rows: ColumnValue[], id: number, incident: IncidentRecord, toListJson: ListItemSerializer): void {
  rows.push(id, ...columnValues(incident, toListJson));
}

/**
 * The keyset condition "comes after `key`" for a sort. When every term runs the same way a row
 * value comparison lets SQLite seek straight into the index; mixed directions need the expanded
 * form (a > ?) OR (a = ? AND b < ?) OR ….
 */
function keysetCondition(sort: readonly SortTerm[], key: SortKey): { sql: string; params: SortKey } {
  const terms = [...sort];
  if (terms.length !== key.length) throw new Error('sort key does not fit the sort');
  if (terms.every((term) => term.descending === terms[0]!.descending)) {
    const op = terms[0]!.descending ? '<' : '>';
    return {
      sql: `(${terms.map((t) => t.expression).join(', ')}) ${op} (${terms.map(() => '?').join(', ')})`,
      params: key,
    };
  }
  const alternatives: string[] = [];
  const params: SortKey = [];
  terms.forEach((term, index) => {
    const parts: string[] = [];
    for (let before = 0; before < index; before++) {
      parts.push(`${terms[before]!.expression} = ?`);
      params.push(key[before]!);
    }
    parts.push(`${term.expression} ${term.descending ? '<' : '>'} ?`);
    params.push(key[index]!);
    alternatives.push(`(${parts.join(' AND ')})`);
  });
  return { sql: `(${alternatives.join(' OR ')})`, params };
}

/** A list row read raw: id, uuid, list JSON (then, for a residual, the fields it reads). */
const LISTED_COLUMNS = 3;
const listed = (row: readonly unknown[]): ListedIncident => ({ rowId: row[0] as number, uuid: row[1] as string, json: row[2] as string });

export class EsetIncidentRepository {
  /** List statements are built per request (filter, order): a repeated one reuses its plan. */
  private readonly statements: StatementCache;
  private readonly byUuid;
  private readonly insertIncidentStatement;
  private readonly insertBulkRowStatement;
  private readonly insertBulkBatchStatement;
  private readonly updateIncidentStatement;
  private readonly deleteMembershipStatements;
  private readonly insertTagStatement;
  private readonly insertDeviceStatement;
  private readonly insertDetectionStatement;
  private readonly idByUuid;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly toListJson: ListItemSerializer,
  ) {
    this.statements = new StatementCache(db);
    this.byUuid = db.prepare<[string], IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM eset_incidents i WHERE i.uuid = ?`);
    this.idByUuid = db.prepare<[string], { id: number }>('SELECT id FROM eset_incidents WHERE uuid = ?');
    const placeholders = `(${WRITE_COLUMNS.map(() => '?').join(', ')})`;
    this.insertIncidentStatement = db.prepare(`INSERT INTO eset_incidents (${WRITE_COLUMNS.join(', ')}) VALUES ${placeholders}`);
    const bulkRow = `(${BULK_COLUMNS.map(() => '?').join(', ')})`;
    this.insertBulkRowStatement = db.prepare(`INSERT INTO eset_incidents (${BULK_COLUMNS.join(', ')}) VALUES ${bulkRow}`);
    this.insertBulkBatchStatement = db.prepare(`INSERT INTO eset_incidents (${BULK_COLUMNS.join(', ')}) VALUES ${bulkValues(bulkRow)}`);
    this.updateIncidentStatement = db.prepare(
      `UPDATE eset_incidents SET ${WRITE_COLUMNS.filter((column) => column !== 'uuid').map((column) => `${column} = ?`).join(', ')} WHERE id = ?`,
    );
    this.deleteMembershipStatements = [
      db.prepare('DELETE FROM eset_incident_tags WHERE incident_id = ?'),
      db.prepare('DELETE FROM eset_incident_devices WHERE incident_id = ?'),
      db.prepare('DELETE FROM eset_incident_detections WHERE incident_id = ?'),
    ];
    // One statement per list, fed the list's JSON text: a bulk seed of 100,000 incidents makes
    // 300,000 calls instead of a million and more.
    const insertEach = (table: string, column: string) =>
      db.prepare<[number, string]>(`INSERT OR IGNORE INTO ${table} (${column}, incident_id) SELECT value, ? FROM json_each(?)`);
    this.insertTagStatement = insertEach('eset_incident_tags', 'tag');
    this.insertDeviceStatement = insertEach('eset_incident_devices', 'device_uuid');
    this.insertDetectionStatement = insertEach('eset_incident_detections', 'detection_uuid');
  }

  get(uuid: string): IncidentRecord | undefined {
    const row = this.byUuid.get(uuid);
    return row && rowToRecord(row);
  }

  /** Rows matching the filter after `query.after`, in sort order, at most `limit`. */
  list(query: ListQuery): ListedIncident[] {
    const sort = query.sort;
    const where = [`(${query.filter.sql})`];
    const params: Array<string | number> = [...query.filter.params];
    if (query.after) {
      const keyset = keysetCondition(sort, query.after);
      where.push(keyset.sql);
      params.push(...keyset.params);
    }
    const orderBy = sort.map((term) => `${term.expression} ${term.descending ? 'DESC' : 'ASC'}`).join(', ');
    const from = `FROM eset_incidents i WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`;
    // Rows come as arrays (id, uuid, list JSON, then what the residual reads): a page is read
    // about twice as fast as with an object per row.
    const residual = query.filter.residual;
    if (!residual) {
      const rows = this.rawStatement(`SELECT i.id, i.uuid, i.list_json ${from} LIMIT ?`).all(...params, query.limit);
      return rows.map(listed);
    }
    // Part of the filter runs in process: walk the ordered rows until enough of them match,
    // reading only the fields it needs.
    const reader = query.filter.residualRow;
    const columns = ['i.id', 'i.uuid', 'i.list_json', ...reader.columns].join(', ');
    const matches: ListedIncident[] = [];
    const budget = new ResidualBudget(query.budget);
    for (const row of this.rawStatement(`SELECT ${columns} ${from}`).iterate(...params)) {
      budget.spend();
      if (!residual(reader.read(row, LISTED_COLUMNS))) continue;
      matches.push(listed(row));
      if (matches.length >= query.limit) break;
    }
    return matches;
  }

  private rawStatement(sql: string) {
    return this.statements.get<unknown[]>(sql).raw(true);
  }

  /** The uuid and sort key of one row (for a page token), or undefined when the row is gone. */
  sortKeyOf(rowId: number, sort: readonly SortTerm[]): { uuid: string; key: SortKey } | undefined {
    const columns = sort.map((term) => term.expression).join(', ');
    const row = this.rawStatement(`SELECT i.uuid, ${columns} FROM eset_incidents i WHERE i.id = ?`).get(rowId) as [string, ...SortKey] | undefined;
    return row && { uuid: row[0], key: row.slice(1) as SortKey };
  }


  insert(incident: IncidentRecord): void {
    const values = columnValues(incident, this.toListJson);
    const { lastInsertRowid } = this.insertIncidentStatement.run(values);
    this.insertMembership(Number(lastInsertRowid), incident, values);
  }

  /**
   * A bulk load's incidents (a new seed, run under withIndexesDeferred), as rows of
   * appendBulkIncidentRow with the serializer this repository was given: many rows per statement and
   * no membership rows, which fillMembership() then derives for all of them at once.
   */
  insertRows(rows: readonly ColumnValue[]): void {
    insertFlatRows(rows, BULK_COLUMNS.length, this.insertBulkBatchStatement, this.insertBulkRowStatement);
  }

  /**
   * The membership rows of every incident, from the lists each row keeps, incident by incident:
   * keyed by incident first, they append to the tables (sorting each incident's few values too
   * costs more than it saves). For a bulk load, after insertRows().
   */
  fillMembership(): void {
    for (const { table, column, list, count } of MEMBERSHIP) {
      this.db.exec(`INSERT OR IGNORE INTO ${table} (incident_id, ${column})
        SELECT i.id, member.value FROM eset_incidents i, json_each(i.${list}) member WHERE i.${count} > 0 ORDER BY i.id`);
    }
  }

  /** Writes every field of an existing incident (found by uuid), its lists and its list JSON. */
  replace(incident: IncidentRecord): void {
    const id = this.idByUuid.get(incident.uuid)?.id;
    if (id === undefined) throw new Error(`internal: incident ${incident.uuid} does not exist`);
    const values = columnValues(incident, this.toListJson);
    this.updateIncidentStatement.run(...values.slice(1), id);
    this.deleteMembershipStatements.forEach((statement) => statement.run(id));
    this.insertMembership(id, incident, values);
  }

  private insertMembership(id: number, incident: IncidentRecord, values: readonly ColumnValue[]): void {
    if (incident.tags.length > 0) this.insertTagStatement.run(id, values[TAGS] as string);
    if (incident.deviceUuids.length > 0) this.insertDeviceStatement.run(id, values[DEVICE_UUIDS] as string);
    if (incident.detectionUuids.length > 0) this.insertDetectionStatement.run(id, values[DETECTION_UUIDS] as string);
  }

  /** Writes every row's list JSON again with the serializer this repository was given. */
  rebuildListItems(): number {
    const update = this.db.prepare<[string, number]>('UPDATE eset_incidents SET list_json = ? WHERE id = ?');
    let rows = 0;
    for (const row of this.db.prepare<[], IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM eset_incidents i`).all()) {
      update.run(this.toListJson(rowToRecord(row)), row.id);
      rows++;
    }
    return rows;
  }

  /** Removes every incident and comment (side tables follow by cascade). */
  clear(): void {
    this.db.exec('DELETE FROM eset_comments; DELETE FROM eset_incidents;');
  }

  exists(uuid: string): boolean {
    return this.idByUuid.get(uuid) !== undefined;
  }
}
