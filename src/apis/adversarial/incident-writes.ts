/**
 * The write use cases of the register: create, update one or many, comment, delete. Each runs in
 * one transaction of the request's dataset: it all happens, or (when anything fails: a bad field,
 * an unknown id) nothing does. No HTTP here; the routes map bodies in and views out.
 */
import { randomUUID } from 'node:crypto';
import { invalidFields, notFound, type FieldProblems } from '../../errors.js';
import type { Dataset } from '../../store/dataset.js';
import { DEFAULT_SEVERITY, DEFAULT_STATUS, displayId, parseIncidentId, type TagOperation } from './enums.js';
import { addProblem, applyPatch, readPatch, type IncidentPatch, type PatchContext } from './incident-patch.js';
import type { CommentView, IncidentAggregate, RegisterRowView } from './record.js';
import type { CreateIncidentBody, UpdateIncidentBody } from './schemas.js';
import { adversarialStore } from './store.js';

export interface WriteContext {
  dataset: Dataset;
  /** The emulator clock's now, read once per request. */
  now: number;
  /** The user the caller's service account acts as. */
  userId: string;
}

export const INCIDENT_NOT_FOUND = 'Incident not found';

function patchContext(dataset: Dataset): PatchContext {
  const accounts = adversarialStore(dataset).accounts;
  return { sources: accounts.sources(), user: (id) => accounts.user(id) };
}

function throwProblems(problems: FieldProblems): void {
  if (Object.keys(problems).length > 0) throw invalidFields(problems);
}

/** Creates the tags a patch adds that the organisation does not have yet, owned by the caller. */
function createMissingTags({ dataset, userId }: WriteContext, patch: IncidentPatch): void {
  if (!patch.tags || patch.tags.operation === 'Remove') return;
  const incidents = adversarialStore(dataset).incidents;
  const orgId = adversarialStore(dataset).accounts.organisation().id;
  for (const content of incidents.missingTagContents(patch.tags.contents)) {
    incidents.insertTag({ id: randomUUID(), content, creatorId: userId, orgId });
  }
}

export function createIncident(context: WriteContext, body: CreateIncidentBody): RegisterRowView {
  const { dataset, now, userId } = context;
  return dataset.transaction(() => {
    const problems: FieldProblems = {};
    // Absent or null: a new incident starts New, and unscored ones are scored SEV-4.
    const withDefaults = { ...body, status: body.status ?? DEFAULT_STATUS, severity: body.severity ?? DEFAULT_SEVERITY };
    const patch = readPatch(withDefaults, 'Replace', patchContext(dataset), problems);
    throwProblems(problems);
    createMissingTags(context, patch);
    const blank: IncidentAggregate = {
      id: 0,
      title: body.title,
      description: body.description,
      status: DEFAULT_STATUS,
      severity: DEFAULT_SEVERITY,
      severityReasoning: null,
      source: null,
      assignedTo: null,
      openedBy: userId,
      createdDate: now,
      updatedDate: now,
      detectedDate: now,
      occurredDate: null,
      respondedDate: null,
      containedDate: null,
      tags: [],
      threatObjectives: [],
      riskAssociations: [],
    };
    const { id: _unnumbered, ...incident } = applyPatch(blank, patch, now).next;
    const id = adversarialStore(dataset).incidents.insert(incident);
    return adversarialStore(dataset).incidents.views([id])[0]!;
  });
}

/**
 * PATCH one (`ids` of one, Replace) or many. Duplicate ids are harmless: each incident is
 * updated once and answered once, in the order of its first mention.
 */
export function updateIncidents(
  context: WriteContext,
  ids: readonly string[],
  body: UpdateIncidentBody,
  tagOperation: TagOperation,
): RegisterRowView[] {
  const { dataset, now } = context;
  return dataset.transaction(() => {
    const problems: FieldProblems = {};
    const patch = readPatch(body, tagOperation, patchContext(dataset), problems);
    if (ids.length === 0) addProblem(problems, 'ids', 'length', 'must name at least one incident');
    const rowIds: number[] = [];
    ids.forEach((text, index) => {
      const id = parseIncidentId(text);
      if (id === undefined) addProblem(problems, `ids[${index}]`, 'invalid_format', `'${text}' is not an incident id such as INC-00001`);
      else if (!rowIds.includes(id)) rowIds.push(id);
    });
    throwProblems(problems);
    const incidents = adversarialStore(dataset).incidents;
    const current = rowIds.map((id) => incidents.aggregate(id));
    const missing = rowIds.filter((_, index) => current[index] === undefined);
    if (missing.length > 0) throw notFound(`${INCIDENT_NOT_FOUND}: ${missing.map(displayId).join(', ')}`);
    createMissingTags(context, patch);
    for (const incident of current) {
      const { next, changed } = applyPatch(incident!, patch, now);
      if (changed) incidents.save(next);
    }
    return incidents.views(rowIds);
  });
}

export function addComment({ dataset, now, userId }: WriteContext, incidentId: number, value: string): CommentView {
  return dataset.transaction(() => {
    const { incidents, comments, accounts } = adversarialStore(dataset);
    const incident = incidents.aggregate(incidentId);
    if (!incident) throw notFound(INCIDENT_NOT_FOUND);
    const comment = { id: randomUUID(), incidentId, value, userId, createdDate: now, updatedDate: now };
    comments.insert(comment);
    // The register row changed (comment_count), so the incident counts as updated [inferred].
    incidents.touch(incidentId, Math.max(now, incident.updatedDate));
    return { comment, user: accounts.user(userId) ?? null };
  });
}

export function deleteIncident({ dataset }: WriteContext, incidentId: number): void {
  dataset.transaction(() => {
    if (!adversarialStore(dataset).incidents.delete(incidentId)) throw notFound(INCIDENT_NOT_FOUND);
  });
}
