/**
 * All SQL of Adversarial incidents: the incidents, their tags, threat objectives and risk
 * associations, and the organisation's tags (comments have their own repository). Knows nothing of HTTP or the wire
 * shape: it speaks records (record.ts) and list queries (incident-query.ts). Enums are stored as
 * numbers (see enums.ts) and converted here, and only here.
 */
import type { SqliteDatabase } from '../../store/database.js';
import { StatementCache } from '../../store/statement-cache.js';
import { userFromRow } from './account-repository.js';
import { INCIDENT_STATUSES, RELEVANCES, THREAT_OBJECTIVES, severityNumber, severityOf } from './enums.js';
import type { DateField, IncidentFilter, IncidentListQuery, OrderField } from './incident-query.js';
import type {
  IncidentAggregate,
  IncidentRecord,
  RegisterRowView,
  TagRecord,
  ThreatObjectiveRecord,
  UserRecord,
} from './record.js';

interface IncidentRow {
  id: number;
  title: string;
  description: string;
  status: number;
  severity: number | null;
  severity_reasoning: string | null;
  source: string | null;
  assigned_to: string | null;
  opened_by: string | null;
  created_date: number;
  updated_date: number;
  detected_date: number;
  occurred_date: number | null;
  responded_date: number | null;
  contained_date: number | null;
}

interface TagRow {
  incident_id: number;
  id: string;
  content: string;
  creator_id: string;
  org_id: string | null;
}

interface ThreatObjectiveRow {
  incident_id: number;
  threat_objective: number;
  relevance: number | null;
  created_date: number | null;
}

const INCIDENT_COLUMNS = `i.id, i.title, i.description, i.status, i.severity, i.severity_reasoning, i.source, i.assigned_to,
  i.opened_by, i.created_date, i.updated_date, i.detected_date, i.occurred_date, i.responded_date, i.contained_date`;

/** The SQL of each field `order_by` and the date filters may name: never user text. */
const COLUMNS: Record<OrderField, string> = {
  id: 'i.id',
  title: 'i.title',
  status: 'i.status',
  severity: 'i.severity',
  source: 'i.source',
  created_date: 'i.created_date',
  updated_date: 'i.updated_date',
  detected_date: 'i.detected_date',
  occurred_date: 'i.occurred_date',
  responded_date: 'i.responded_date',
  contained_date: 'i.contained_date',
};

/** Case-insensitive "contains": both sides folded the same way, in process, for any script. */
const FOLD = 'adv_fold';
const fold = (text: string) => text.toLowerCase();
const DISPLAY_ID_SQL = `'INC-' || printf('%05d', i.id)`;
const IN_LIST = 'IN (SELECT value FROM json_each(?))';

function recordFromRow(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: INCIDENT_STATUSES[row.status]!,
    severity: row.severity === null ? null : severityOf(row.severity),
    severityReasoning: row.severity_reasoning,
    source: row.source,
    assignedTo: row.assigned_to,
    openedBy: row.opened_by,
    createdDate: row.created_date,
    updatedDate: row.updated_date,
    detectedDate: row.detected_date,
    occurredDate: row.occurred_date,
    respondedDate: row.responded_date,
    containedDate: row.contained_date,
  };
}

function threatObjectiveFromRow(row: ThreatObjectiveRow): ThreatObjectiveRecord {
  return {
    threatObjective: THREAT_OBJECTIVES[row.threat_objective]!,
    relevance: row.relevance === null ? null : RELEVANCES[row.relevance]!,
    createdDate: row.created_date,
  };
}

/** WHERE conditions and their parameters for a filter (all bound, never spliced). */
function whereClause(filter: IncidentFilter): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly unknown[] | undefined) => {
    if (values === undefined) return;
    conditions.push(`${column} ${IN_LIST}`);
    params.push(JSON.stringify(values));
  };
  const contains = (expressions: string[], text: string | undefined) => {
    if (text === undefined) return;
    conditions.push(`(${expressions.map((expression) => `instr(${FOLD}(${expression}), ?) > 0`).join(' OR ')})`);
    params.push(...expressions.map(() => fold(text)));
  };
  inList('i.id', filter.ids);
  contains(['i.title'], filter.titleContains);
  contains(['i.description'], filter.descriptionContains);
  contains(['i.title', 'i.description', DISPLAY_ID_SQL], filter.freeText);
  inList('i.severity', filter.severities?.map(severityNumber));
  inList('i.status', filter.statuses?.map((status) => INCIDENT_STATUSES.indexOf(status)));
  inList('i.source', filter.sources);
  inList('i.assigned_to', filter.assignedTo);
  inList('i.opened_by', filter.openedBy);
  if (filter.threatObjectives) {
    conditions.push(
      `EXISTS (SELECT 1 FROM adv_incident_threat_objectives t WHERE t.incident_id = i.id AND t.threat_objective ${IN_LIST})`,
    );
    params.push(JSON.stringify(filter.threatObjectives.map((objective) => THREAT_OBJECTIVES.indexOf(objective))));
  }
  if (filter.tags) {
    conditions.push(
      `EXISTS (SELECT 1 FROM adv_incident_tags it JOIN adv_tags g ON g.id = it.tag_id WHERE it.incident_id = i.id AND g.content ${IN_LIST})`,
    );
    params.push(JSON.stringify(filter.tags));
  }
  for (const [field, range] of Object.entries(filter.dates ?? {}) as Array<[DateField, { from: number | null; to: number | null }]>) {
    if (range.from !== null) {
      conditions.push(`${COLUMNS[field]} >= ?`);
      params.push(range.from);
    }
    if (range.to !== null) {
      conditions.push(`${COLUMNS[field]} <= ?`);
      params.push(range.to);
    }
  }
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1', params };
}

export class AdversarialIncidentRepository {
  /** List statements, built per filter combination. */
  private readonly statements: StatementCache;
  private readonly byId;
  private readonly existsStatement;
  private readonly userById;
  private readonly viewsStatement;
  private readonly tagsStatement;
  private readonly threatObjectivesStatement;
  private readonly risksStatement;
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly touchStatement;
  private readonly deleteStatement;
  private readonly linkTagStatement;
  private readonly unlinkTagsStatement;
  private readonly unlinkThreatObjectivesStatement;
  private readonly insertThreatObjectiveStatement;
  private readonly insertRiskStatement;
  private readonly deleteRisksStatement;
  private readonly insertTagStatement;
  private readonly tagContentsStatement;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = new StatementCache(db);
    db.function(FOLD, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? fold(text) : null));
    this.byId = db.prepare<[number], IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM adv_incidents i WHERE i.id = ?`);
    this.existsStatement = db.prepare<[number], { id: number }>('SELECT id FROM adv_incidents WHERE id = ?');
    this.userById = db.prepare<[string], Parameters<typeof userFromRow>[0]>(
      'SELECT id, first_name, last_name, email, icon, active FROM adv_users WHERE id = ?',
    );
    // json_each keeps the order of the ids it is given: rows come back in the caller's order.
    this.viewsStatement = db.prepare<[string], IncidentRow & { comment_count: number }>(
      `SELECT ${INCIDENT_COLUMNS}, (SELECT count(*) FROM adv_comments c WHERE c.incident_id = i.id) AS comment_count
       FROM json_each(?) k JOIN adv_incidents i ON i.id = k.value ORDER BY k.key`,
    );
    this.tagsStatement = db.prepare<[string], TagRow>(
      `SELECT it.incident_id, g.id, g.content, g.creator_id, g.org_id FROM adv_incident_tags it JOIN adv_tags g ON g.id = it.tag_id
       WHERE it.incident_id ${IN_LIST} ORDER BY g.content`,
    );
    this.threatObjectivesStatement = db.prepare<[string], ThreatObjectiveRow>(
      `SELECT incident_id, threat_objective, relevance, created_date FROM adv_incident_threat_objectives
       WHERE incident_id ${IN_LIST} ORDER BY threat_objective`,
    );
    this.risksStatement = db.prepare<[string], { incident_id: number; risk_id: string }>(
      `SELECT incident_id, risk_id FROM adv_incident_risks WHERE incident_id ${IN_LIST} ORDER BY risk_id`,
    );
    const fields = `title, description, status, severity, severity_reasoning, source, assigned_to, opened_by,
      created_date, updated_date, detected_date, occurred_date, responded_date, contained_date`;
    const values = fields.split(',').map((field) => `@${field.trim()}`).join(', ');
    this.insertStatement = db.prepare(`INSERT INTO adv_incidents (id, ${fields}) VALUES (@id, ${values})`);
    this.updateStatement = db.prepare(`UPDATE adv_incidents SET (${fields}) = (${values}) WHERE id = @id`);
    this.touchStatement = db.prepare('UPDATE adv_incidents SET updated_date = ? WHERE id = ?');
    this.deleteStatement = db.prepare('DELETE FROM adv_incidents WHERE id = ?');
    this.linkTagStatement = db.prepare('INSERT INTO adv_incident_tags (incident_id, tag_id) SELECT ?, id FROM adv_tags WHERE content = ?');
    this.unlinkTagsStatement = db.prepare('DELETE FROM adv_incident_tags WHERE incident_id = ?');
    this.unlinkThreatObjectivesStatement = db.prepare('DELETE FROM adv_incident_threat_objectives WHERE incident_id = ?');
    this.insertThreatObjectiveStatement = db.prepare(
      'INSERT INTO adv_incident_threat_objectives (incident_id, threat_objective, relevance, created_date) VALUES (?, ?, ?, ?)',
    );
    this.insertRiskStatement = db.prepare('INSERT OR IGNORE INTO adv_incident_risks (incident_id, risk_id) VALUES (?, ?)');
    this.deleteRisksStatement = db.prepare('DELETE FROM adv_incident_risks WHERE incident_id = ?');
    this.insertTagStatement = db.prepare('INSERT INTO adv_tags (id, content, creator_id, org_id) VALUES (?, ?, ?, ?)');
    this.tagContentsStatement = db.prepare<[string], { content: string }>(`SELECT content FROM adv_tags WHERE content ${IN_LIST}`);
  }

  exists(id: number): boolean {
    return this.existsStatement.get(id) !== undefined;
  }

  /** The incident with its relations by content, as writes change it. */
  aggregate(id: number): IncidentAggregate | undefined {
    const row = this.byId.get(id);
    if (!row) return undefined;
    const ids = JSON.stringify([id]);
    return {
      ...recordFromRow(row),
      tags: this.tagsStatement.all(ids).map((tag) => tag.content),
      threatObjectives: this.threatObjectivesStatement.all(ids).map(threatObjectiveFromRow),
      riskAssociations: this.risksStatement.all(ids).map((risk) => risk.risk_id),
    };
  }

  /** Register rows of these incidents, in the order given; unknown ids are left out. */
  views(ids: readonly number[]): RegisterRowView[] {
    const idsJson = JSON.stringify(ids);
    const tags = groupBy(this.tagsStatement.all(idsJson), (tag): TagRecord => ({
      id: tag.id,
      content: tag.content,
      creatorId: tag.creator_id,
      orgId: tag.org_id,
    }));
    const threatObjectives = groupBy(this.threatObjectivesStatement.all(idsJson), threatObjectiveFromRow);
    const risks = groupBy(this.risksStatement.all(idsJson), (risk) => risk.risk_id);
    const users = this.userCache();
    return this.viewsStatement.all(idsJson).map((row) => {
      const incident = recordFromRow(row);
      return {
        incident,
        assignedTo: users(incident.assignedTo),
        openedBy: users(incident.openedBy),
        tags: tags.get(row.id) ?? [],
        threatObjectives: threatObjectives.get(row.id) ?? [],
        riskAssociations: risks.get(row.id) ?? [],
        commentCount: row.comment_count,
      };
    });
  }

  /** One page of register rows matching the filter, and how many match in all. */
  list(query: IncidentListQuery): { views: RegisterRowView[]; total: number } {
    const where = whereClause(query.filter);
    const total = this.statements.get<{ n: number }>(`SELECT count(*) AS n FROM adv_incidents i WHERE ${where.sql}`).get(...where.params)!.n;
    // NULLs sort as the largest values (last ascending, first descending); the id breaks ties.
    const orderBy = [
      ...query.order.map((term) => `${COLUMNS[term.field]} ${term.descending ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`),
      `i.id ${query.order.at(-1)?.descending ? 'DESC' : 'ASC'}`,
    ].join(', ');
    const ids = this.statements.get<{ id: number }>(`SELECT i.id FROM adv_incidents i WHERE ${where.sql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`)
      .all(...where.params, query.limit, query.offset)
      .map((row) => row.id);
    return { views: this.views(ids), total };
  }

  /** Inserts an incident (with the given id, or the next one) and its relations; returns its id. */
  insert(incident: Omit<IncidentAggregate, 'id'> & { id?: number }): number {
    const id = Number(this.insertStatement.run(this.parameters(incident)).lastInsertRowid);
    this.writeRelations(id, incident);
    for (const risk of incident.riskAssociations) this.insertRiskStatement.run(id, risk);
    return id;
  }

  /** Writes an incident's fields, tags and threat objectives (risk associations are read-only). */
  save(incident: IncidentAggregate): void {
    this.updateStatement.run(this.parameters(incident));
    this.unlinkTagsStatement.run(incident.id);
    this.unlinkThreatObjectivesStatement.run(incident.id);
    this.writeRelations(incident.id, incident);
  }

  /** Replaces an incident's risk associations: the API cannot, test setup (the control API) can. */
  replaceRiskAssociations(id: number, risks: readonly string[]): void {
    this.deleteRisksStatement.run(id);
    for (const risk of risks) this.insertRiskStatement.run(id, risk);
  }

  touch(id: number, updatedDate: number): void {
    this.touchStatement.run(updatedDate, id);
  }

  /** True when it existed; its relations and comments go with it. */
  delete(id: number): boolean {
    return this.deleteStatement.run(id).changes === 1;
  }

  /** The contents of `contents` the organisation has no tag for yet. */
  missingTagContents(contents: readonly string[]): string[] {
    const known = new Set(this.tagContentsStatement.all(JSON.stringify(contents)).map((row) => row.content));
    return contents.filter((content) => !known.has(content));
  }

  insertTag(tag: TagRecord): void {
    this.insertTagStatement.run(tag.id, tag.content, tag.creatorId, tag.orgId);
  }

  /** Empties the register (incidents, relations, comments, tags) and restarts the numbering. */
  clear(): void {
    this.db.exec(`DELETE FROM adv_comments; DELETE FROM adv_incident_tags; DELETE FROM adv_incident_threat_objectives;
      DELETE FROM adv_incident_risks; DELETE FROM adv_incidents; DELETE FROM adv_tags;
      DELETE FROM sqlite_sequence WHERE name = 'adv_incidents';`);
  }

  private parameters(incident: Omit<IncidentRecord, 'id'> & { id?: number }) {
    return {
      id: incident.id ?? null,
      title: incident.title,
      description: incident.description,
      status: INCIDENT_STATUSES.indexOf(incident.status),
      severity: incident.severity === null ? null : severityNumber(incident.severity),
      severity_reasoning: incident.severityReasoning,
      source: incident.source,
      assigned_to: incident.assignedTo,
      opened_by: incident.openedBy,
      created_date: incident.createdDate,
      updated_date: incident.updatedDate,
      detected_date: incident.detectedDate,
      occurred_date: incident.occurredDate,
      responded_date: incident.respondedDate,
      contained_date: incident.containedDate,
    };
  }

  private writeRelations(id: number, incident: Pick<IncidentAggregate, 'tags' | 'threatObjectives'>): void {
    for (const content of incident.tags) {
      // Callers create missing tags first (fixtures name existing ones): nothing is linked silently.
      if (this.linkTagStatement.run(id, content).changes !== 1) throw new Error(`internal: no tag with the content ${JSON.stringify(content)}`);
    }
    for (const objective of incident.threatObjectives) {
      this.insertThreatObjectiveStatement.run(
        id,
        THREAT_OBJECTIVES.indexOf(objective.threatObjective),
        objective.relevance === null ? null : RELEVANCES.indexOf(objective.relevance),
        objective.createdDate,
      );
    }
  }

  /** Looks users up once per call, however many rows name them. */
  private userCache(): (id: string | null) => UserRecord | null {
    const cache = new Map<string, UserRecord | null>();
    return (id) => {
      if (id === null) return null;
      let user = cache.get(id);
      if (user === undefined) {
        const row = this.userById.get(id);
        user = row ? userFromRow(row) : null;
        cache.set(id, user);
      }
      return user;
    };
  }
}

function groupBy<Row extends { incident_id: number }, T>(rows: Row[], map: (row: Row) => T): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.incident_id);
    if (group) group.push(map(row));
    else groups.set(row.incident_id, [map(row)]);
  }
  return groups;
}
