/**
 * The editable fields of an incident, as one request body changes them: reading a body into a
 * checked IncidentPatch (absent = unchanged, null = cleared, every broken rule reported by field),
 * and applying it to an incident. No SQL and no HTTP: the organisation's sources and users come
 * in through PatchContext.
 */
import { invalidArgument, type FieldProblems } from '../../errors.js';
import { parseTimestamp } from '../../util/proto-time.js';
import { THREAT_OBJECTIVES, type TagOperation } from './enums.js';
import type { IncidentAggregate, IncidentFields, ThreatObjectiveRecord, UserRecord } from './record.js';
import type { UpdateIncidentBody } from './schemas.js';

export interface PatchContext {
  sources: readonly string[];
  user(id: string): UserRecord | undefined;
}

export interface IncidentPatch {
  /** Only the fields the body names; null where it clears one. */
  fields: Partial<IncidentFields>;
  tags?: { operation: TagOperation; contents: string[] };
  /** The whole new set, without dates: the server sets them. */
  threatObjectives?: Array<Omit<ThreatObjectiveRecord, 'createdDate'>>;
}

const EDITABLE_FIELDS = [
  'assigned_to',
  'contained_date',
  'description',
  'detected_date',
  'occurred_date',
  'responded_date',
  'severity',
  'severity_reasoning',
  'source',
  'status',
  'tags',
  'threat_objectives',
  'title',
] as const;

/** Fields an incident cannot be without [inferred]: clearing one is a 400. */
const REQUIRED_FIELDS: ReadonlySet<string> = new Set(['title', 'description', 'detected_date', 'status']);

const DATE_FIELDS = {
  contained_date: 'containedDate',
  detected_date: 'detectedDate',
  occurred_date: 'occurredDate',
  responded_date: 'respondedDate',
} as const;

export function addProblem(problems: FieldProblems, field: string, code: string, message: string): void {
  (problems[field] ??= []).push({ code, message });
}

/**
 * The patch a body asks for. Throws "Empty payload" when it names no editable field; adds what
 * breaks a rule to `problems` (the caller throws them together with its own).
 */
export function readPatch(body: UpdateIncidentBody, tagOperation: TagOperation, context: PatchContext, problems: FieldProblems): IncidentPatch {
  const named = EDITABLE_FIELDS.filter((field) => body[field] !== undefined);
  if (named.length === 0) throw invalidArgument(`Empty payload: send at least one of ${EDITABLE_FIELDS.join(', ')}`);
  for (const field of named) {
    if (body[field] === null && REQUIRED_FIELDS.has(field)) addProblem(problems, field, 'required', 'is required and cannot be cleared');
  }
  const fields: Partial<IncidentFields> = {};
  const copy = <K extends 'title' | 'description' | 'severity' | 'severityReasoning' | 'source' | 'status'>(key: K, value: IncidentFields[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
  };
  copy('title', body.title as string | undefined);
  copy('description', body.description as string | undefined);
  copy('status', body.status as IncidentFields['status'] | undefined);
  copy('severity', body.severity);
  copy('severityReasoning', body.severity_reasoning);
  copy('source', body.source);
  if (typeof body.source === 'string' && !context.sources.includes(body.source)) {
    addProblem(problems, 'source', 'unknown_source', `'${body.source}' is not one of the organisation's incident sources (${context.sources.join(', ')})`);
  }
  for (const [field, key] of Object.entries(DATE_FIELDS) as Array<[keyof typeof DATE_FIELDS, (typeof DATE_FIELDS)[keyof typeof DATE_FIELDS]]>) {
    const text = body[field];
    if (text === undefined) continue;
    const ms = text === null ? null : parseTimestamp(text);
    if (ms === undefined) addProblem(problems, field, 'invalid_format', `'${text}' is not an RFC 3339 time`);
    else fields[key] = ms as number;
  }
  if (body.assigned_to !== undefined) {
    const assignee = body.assigned_to === null ? null : body.assigned_to.toLowerCase();
    const user = assignee === null ? undefined : context.user(assignee);
    if (assignee !== null && !user) addProblem(problems, 'assigned_to', 'unknown_user', `no user of the organisation has the id ${assignee}`);
    else if (user && !user.active) addProblem(problems, 'assigned_to', 'inactive_assignee', `${user.email} is inactive and cannot be assigned incidents`);
    fields.assignedTo = assignee;
  }
  const patch: IncidentPatch = { fields };
  if (body.tags !== undefined) patch.tags = readTags(body.tags, tagOperation, problems);
  if (body.threat_objectives !== undefined) patch.threatObjectives = readThreatObjectives(body.threat_objectives, problems);
  return patch;
}

function readTags(tags: string[] | null, operation: TagOperation, problems: FieldProblems): IncidentPatch['tags'] {
  if (tags === null && operation !== 'Replace') {
    addProblem(problems, 'tags', 'required', `must be a list for tag_operation ${operation} (null clears the tags only with Replace)`);
  }
  const contents: string[] = [];
  (tags ?? []).forEach((content, index) => {
    if (content.trim() === '') addProblem(problems, `tags[${index}]`, 'invalid_tag', 'a tag needs some text');
    else if (!contents.includes(content)) contents.push(content);
  });
  return { operation, contents };
}

function readThreatObjectives(
  objectives: NonNullable<UpdateIncidentBody['threat_objectives']> | null,
  problems: FieldProblems,
): IncidentPatch['threatObjectives'] {
  const seen = new Set<string>();
  return (objectives ?? []).flatMap((objective, index) => {
    if (seen.has(objective.threat_objective)) {
      addProblem(problems, `threat_objectives[${index}].threat_objective`, 'duplicate', `${objective.threat_objective} is listed twice`);
      return [];
    }
    seen.add(objective.threat_objective);
    return [{ threatObjective: objective.threat_objective, relevance: objective.relevance ?? null }];
  });
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

function nextTags(current: readonly string[], change: NonNullable<IncidentPatch['tags']>): string[] {
  switch (change.operation) {
    case 'Replace':
      return [...change.contents];
    case 'Add':
      return [...current, ...change.contents.filter((content) => !current.includes(content))];
    case 'Remove':
      return current.filter((content) => !change.contents.includes(content));
  }
}

/** The relation keeps its date while it stays as it was; a new or changed one is dated now. */
function nextThreatObjectives(
  current: readonly ThreatObjectiveRecord[],
  wanted: NonNullable<IncidentPatch['threatObjectives']>,
  now: number,
): ThreatObjectiveRecord[] {
  return wanted
    .map((objective) => {
      const kept = current.find((old) => old.threatObjective === objective.threatObjective && old.relevance === objective.relevance);
      return { ...objective, createdDate: kept ? kept.createdDate : now };
    })
    .sort((a, b) => THREAT_OBJECTIVES.indexOf(a.threatObjective) - THREAT_OBJECTIVES.indexOf(b.threatObjective));
}

const objectiveKey = (objective: Omit<ThreatObjectiveRecord, 'createdDate'>) => `${objective.threatObjective}\u0000${objective.relevance}`;

/**
 * The incident after the patch, and whether anything really changed: updated_date moves (never
 * backwards, whatever the clock does) only when something did.
 */
export function applyPatch(current: IncidentAggregate, patch: IncidentPatch, now: number): { next: IncidentAggregate; changed: boolean } {
  const next: IncidentAggregate = { ...current, ...patch.fields };
  let changed = (Object.keys(patch.fields) as Array<keyof IncidentFields>).some((key) => next[key] !== current[key]);
  if (patch.tags) {
    next.tags = nextTags(current.tags, patch.tags);
    changed ||= !sameSet(next.tags, current.tags);
  }
  if (patch.threatObjectives) {
    next.threatObjectives = nextThreatObjectives(current.threatObjectives, patch.threatObjectives, now);
    changed ||= !sameSet(next.threatObjectives.map(objectiveKey), current.threatObjectives.map(objectiveKey));
  }
  next.updatedDate = changed ? Math.max(now, current.updatedDate) : current.updatedDate;
  return { next, changed };
}
