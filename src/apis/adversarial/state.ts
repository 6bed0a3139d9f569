/**
 * Setting Adversarial incident fields directly, for test setup (the vendor API cannot set
 * opened_by, created_date, updated_date or risk associations, nor skip its rules). As for ESET
 * (../eset/state.ts), the patch is merged into the stored incident in the fixture file's form
 * (snake_case keys, display-string enums, INC-00042 ids, users by id, tags by content) and the
 * result goes through the fixture's incident parser: exactly what adversarial.json accepts for an
 * incident is accepted here, and unknown keys, bad enums, times, ids, users and sources are a 400
 * naming the field. Business rules (inactive assignees, required fields of the API) are not checked.
 *
 * What the server keeps consistent:
 * - comments, and so comment_count, are not set here: they follow the comment endpoints;
 * - updated_date: the one the patch names; else, when something changed, now (never backwards,
 *   never before created_date); when nothing changed, as it was. A new incident's defaults to
 *   its created_date, as in a fixture file;
 * - a threat objective without created_date keeps its date while it stays as it was (same
 *   objective and relevance), else is dated now, as PATCH does; an explicit null clears it;
 * - tag contents the organisation has no tag for yet become tags, created by the incident's opener.
 *
 * An id that does not exist creates the incident with that id; it needs what a fixture incident
 * needs (title, description, status, opened_by, created_date, detected_date).
 */
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { invalidArgument } from '../../errors.js';
import type { StatePatcher } from '../../service.js';
import type { Dataset } from '../../store/dataset.js';
import { formatTimestamp } from '../../util/proto-time.js';
import { displayId, parseIncidentId } from './enums.js';
import { AdversarialFixtureError, formatAdversarialIncident, parseAdversarialIncident, type IncidentReferences } from './fixture.js';
import { registerRowToWire } from './mapper.js';
import type { IncidentAggregate } from './record.js';
import type { RegisterRowWire } from './schemas.js';
import { adversarialStore } from './store.js';

type AdversarialStatePatch = { id: string } & Record<string, unknown>;

const AdversarialStateSection = Type.Object(
  {
    incidents: Type.Array(
      Type.Object(
        {
          id: Type.String({
            description: 'The incident to change (INC-00042 or 42), or to create with that id when it does not exist.',
          }),
        },
        {
          additionalProperties: true,
          description:
            'Any Adversarial incident fields as adversarial.json writes them (title, description, status, severity, ' +
            'severity_reasoning, source, assigned_to and opened_by as user ids, created_date, updated_date, detected_date, ' +
            'occurred_date, responded_date, contained_date, tags as contents, threat_objectives with relevance and ' +
            'created_date, risk_associations), validated strictly. comment_count follows the comments (not settable); ' +
            'updated_date moves to now on a change unless given; a threat objective without created_date is dated as ' +
            'PATCH dates it; unknown tag contents become tags. A new incident needs title, description, status, ' +
            'opened_by, created_date and detected_date.',
        },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const adversarialState: StatePatcher = {
  request: AdversarialStateSection,
  apply: (dataset, now, section) => ({
    incidents: setAdversarialState(dataset, now, (section as { incidents: AdversarialStatePatch[] }).incidents),
  }),
};

const COMMENTS_ENDPOINT = 'POST /api/v1/incidents/{id}/comments';

/** Keys of the register row the server derives: refused with the way to change them. */
const DERIVED: Record<string, string> = {
  comments: `cannot be set here; add comments with ${COMMENTS_ENDPOINT}`,
  comment_count: `follows the incident's comments; add them with ${COMMENTS_ENDPOINT}`,
};

/** Applies every patch in one transaction (all or none) and answers the register rows as stored. */
function setAdversarialState(dataset: Dataset, now: number, patches: readonly AdversarialStatePatch[]): RegisterRowWire[] {
  const { accounts, incidents } = adversarialStore(dataset);
  return dataset.transaction(() => {
    const sources = accounts.sources();
    const references: IncidentReferences = {
      hasUser: (id) => accounts.user(id) !== undefined,
      hasSource: (name) => sources.includes(name),
      // Missing tags are created below, as PATCH creates them.
      hasTag: () => true,
    };
    const ids = patches.map((patch, index) => setIncident(dataset, now, patch, `adversarial.incidents[${index}]`, references));
    return incidents.views(ids).map(registerRowToWire);
  });
}

function setIncident(dataset: Dataset, now: number, patch: AdversarialStatePatch, where: string, references: IncidentReferences): number {
  const id = parseIncidentId(patch.id);
  if (id === undefined) throw invalidArgument(`${where}: field "id": '${patch.id}' is not an incident id such as INC-00001 or 1`);
  for (const [field, detail] of Object.entries(DERIVED)) {
    if (field in patch) throw invalidArgument(`${where} (id "${displayId(id)}"): field "${field}": ${detail}`);
  }
  const { accounts, incidents } = adversarialStore(dataset);
  const stored = incidents.aggregate(id);
  // The stored updated_date is left out: the parser would hold it against a new created_date.
  const { updated_date: _derived, ...current } = stored ? formatAdversarialIncident(stored) : {};
  const merged: Record<string, unknown> = { ...current, ...patch, id: displayId(id) };
  if (Array.isArray(patch.threat_objectives)) {
    merged.threat_objectives = patch.threat_objectives.map((objective: unknown) => datedObjective(objective, stored, now));
  }
  let record: IncidentAggregate;
  try {
    record = parseAdversarialIncident(merged, where, references);
  } catch (error) {
    if (!(error instanceof AdversarialFixtureError)) throw error;
    throw invalidArgument(`${error.location}: ${error.detail}`);
  }
  if (patch.updated_date === undefined && stored) {
    record.updatedDate = changed(stored, record) ? Math.max(now, stored.updatedDate, record.createdDate) : stored.updatedDate;
  }
  const orgId = accounts.organisation().id;
  for (const content of incidents.missingTagContents(record.tags)) {
    incidents.insertTag({ id: randomUUID(), content, creatorId: record.openedBy!, orgId });
  }
  if (stored) {
    incidents.save(record);
    incidents.replaceRiskAssociations(id, record.riskAssociations);
  } else {
    incidents.insert(record);
  }
  return id;
}

/** A threat objective the patch gives without created_date, dated as PATCH dates it. */
function datedObjective(objective: unknown, stored: IncidentAggregate | undefined, now: number): unknown {
  if (typeof objective !== 'object' || objective === null || 'created_date' in objective) return objective;
  const { threat_objective: name, relevance = null } = objective as Record<string, unknown>;
  const kept = stored?.threatObjectives.find((old) => old.threatObjective === name && old.relevance === relevance);
  const createdDate = kept ? kept.createdDate : now;
  return { ...objective, created_date: createdDate === null ? null : formatTimestamp(createdDate) };
}

/** Whether anything but updated_date differs (lists compared as sets). */
function changed(before: IncidentAggregate, after: IncidentAggregate): boolean {
  const comparable = (incident: IncidentAggregate) => {
    const { updated_date: _ignored, tags, threat_objectives: objectives, risk_associations: risks, ...fields } = formatAdversarialIncident(incident);
    return JSON.stringify([
      fields,
      [...(tags ?? [])].sort(),
      (objectives ?? []).map((objective) => JSON.stringify(objective)).sort(),
      [...(risks ?? [])].sort(),
    ]);
  };
  return comparable(before) !== comparable(after);
}
