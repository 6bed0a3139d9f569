/**
 * The write use cases of ESET incidents and their comments, with ESET's business rules. Each runs
 * in one transaction of the request's dataset, so a rejected request changes nothing; each change
 * moves the incident's updateTime forward (AIP-148) and keeps the derived durations consistent.
 * The clock is read once per request (WriteContext.now), as Adversarial's writes read it. No HTTP
 * here; the routes map bodies in and records out.
 *
 * Durations [inferred]: triage is from creation until the incident first left OPEN (kept for
 * good once set); response is from creation until it was closed, and empty again after a
 * reopen, until the next close.
 */
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound, ruleViolation } from '../../errors.js';
import type { Dataset } from '../../store/dataset.js';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS, STATUS, enumNumber } from './enums.js';
import type { CommentRecord, IncidentRecord } from './record.js';
import type {
  CloseIncidentBodyWire,
  CreateIncidentCommentBodyWire,
  IncidentCommentWire,
  ReopenIncidentBodyWire,
  UpdateIncidentBasicAttributesBodyWire,
} from './schemas.js';
import { parseUpdateMask } from './update-mask.js';
import { esetStore } from './store.js';

export interface WriteContext {
  dataset: Dataset;
  /** The emulator clock's now, read once per request. */
  now: number;
  /** The user the caller's token belongs to. */
  userUuid: string;
}

const statusName = (status: number) => INCIDENT_STATUSES[status] ?? String(status);

export function updateBasicAttributes(context: WriteContext, incidentUuid: string, body: UpdateIncidentBasicAttributesBodyWire): IncidentRecord {
  const { dataset } = context;
  const mask = parseUpdateMask(body.updateMask);
  return dataset.transaction(() => {
    const incident = incidentOf(dataset, incidentUuid);
    const next = { ...incident };
    // AIP-134: a field named in the mask but absent from the body is set to its default.
    if (mask.has('displayName')) {
      next.displayName = body.displayName ?? '';
      if (next.displayName.trim() === '') throw invalidArgument('displayName cannot be empty');
    }
    if (mask.has('description')) next.description = body.description ?? '';
    if (mask.has('severity')) {
      next.severity = enumNumber(SEVERITY_LEVELS, body.severity ?? SEVERITY_LEVELS[0])!;
      if (next.severity === 0) throw invalidArgument(`severity cannot be set to ${SEVERITY_LEVELS[0]}`);
    }
    if (mask.has('assigneeUuid')) {
      next.assigneeUuid = body.assigneeUuid ?? '';
      if (next.assigneeUuid === '' && incident.status !== STATUS.OPEN) {
        throw ruleViolation(`the assignee can only be empty while the incident is OPEN; it is ${statusName(incident.status)}`);
      }
      if (next.assigneeUuid !== '' && !esetStore(dataset).users.get(next.assigneeUuid)) {
        throw invalidArgument(`assigneeUuid '${next.assigneeUuid}' is not a known user`);
      }
    }
    const changed = (['displayName', 'description', 'severity', 'assigneeUuid'] as const).some((f) => next[f] !== incident[f]);
    if (!changed) return incident;
    return save(context, incident, next);
  });
}

export function closeIncident(context: WriteContext, incidentUuid: string, body: CloseIncidentBodyWire): void {
  const { dataset } = context;
  const reason = enumNumber(RESOLVE_REASONS, body.closureReason ?? RESOLVE_REASONS[0])!;
  if (reason === 0) {
    throw invalidArgument(`closureReason is required and cannot be ${RESOLVE_REASONS[0]}`);
  }
  const finalText = commentText(body.finalComment, incidentUuid, 'finalComment', false);
  dataset.transaction(() => {
    const incident = incidentOf(dataset, incidentUuid);
    if (incident.status === STATUS.CLOSED) throw ruleViolation('the incident is already CLOSED');
    const next = withStatus(context, incident, STATUS.CLOSED);
    next.resolveReason = reason;
    const saved = save(context, incident, next);
    if (finalText !== null) {
      esetStore(dataset).comments.unfinalize(incidentUuid);
      insertComment(context, saved.uuid, finalText, true);
    }
  });
}

export function reopenIncident(context: WriteContext, incidentUuid: string, body: ReopenIncidentBodyWire): void {
  const { dataset } = context;
  const text = commentText(body.comment, incidentUuid, 'comment', false);
  dataset.transaction(() => {
    const incident = incidentOf(dataset, incidentUuid);
    if (incident.status === STATUS.OPEN) throw ruleViolation('the incident is already OPEN');
    const next = withStatus(context, incident, STATUS.OPEN);
    next.resolveReason = 0;
    const saved = save(context, incident, next);
    esetStore(dataset).comments.unfinalize(incidentUuid);
    if (text !== null) insertComment(context, saved.uuid, text, false);
  });
}

export function addComment(context: WriteContext, incidentUuid: string, body: CreateIncidentCommentBodyWire): CommentRecord {
  const { dataset } = context;
  const text = commentText(body.comment, incidentUuid, 'comment', true)!;
  return dataset.transaction(() => {
    const incident = incidentOf(dataset, incidentUuid);
    const comment = insertComment(context, incident.uuid, text, false);
    touch(context, incident);
    return comment;
  });
}

export function updateCommentText(context: WriteContext, incidentUuid: string, commentUuid: string, text: string | undefined): void {
  const { dataset } = context;
  if (text === undefined || text.trim() === '') throw invalidArgument('text is required and cannot be empty');
  dataset.transaction(() => {
    const incident = incidentOf(dataset, incidentUuid);
    const comment = commentOf(dataset, incidentUuid, commentUuid);
    if (comment.text === text) return;
    esetStore(dataset).comments.updateText(commentUuid, text, nextUpdateTime(context, comment.updateTime));
    touch(context, incident);
  });
}

export function deleteComment(context: WriteContext, incidentUuid: string, commentUuid: string): void {
  const { dataset } = context;
  dataset.transaction(() => {
    const incident = incidentOf(dataset, incidentUuid);
    commentOf(dataset, incidentUuid, commentUuid);
    esetStore(dataset).comments.delete(commentUuid);
    touch(context, incident);
  });
}

function incidentOf(dataset: Dataset, uuid: string): IncidentRecord {
  const incident = esetStore(dataset).incidents.get(uuid);
  if (!incident) throw notFound(`incident '${uuid}' does not exist`);
  return incident;
}

function commentOf(dataset: Dataset, incidentUuid: string, commentUuid: string): CommentRecord {
  const comment = esetStore(dataset).comments.get(incidentUuid, commentUuid);
  if (!comment) throw notFound(`incident '${incidentUuid}' has no comment '${commentUuid}'`);
  return comment;
}

/**
 * The text of a comment in a request body, or null when none is sent and none is required.
 * Read-only fields (uuid, authorUuid, times, isFinalComment) are ignored, as ESET does.
 */
function commentText(comment: IncidentCommentWire | undefined, incidentUuid: string, name: string, required: boolean): string | null {
  if (comment?.incidentUuid !== undefined && comment.incidentUuid !== '' && comment.incidentUuid !== incidentUuid) {
    throw invalidArgument(`${name}.incidentUuid '${comment.incidentUuid}' differs from the incident in the path '${incidentUuid}'`);
  }
  if (comment === undefined && !required) return null;
  const text = comment?.text ?? '';
  if (text.trim() === '') {
    throw invalidArgument(comment === undefined ? `${name} is required` : `${name}.text is required and cannot be empty`);
  }
  return text;
}

/** The incident moved to a new status, with the durations that follow from it. */
function withStatus(context: WriteContext, incident: IncidentRecord, status: number): IncidentRecord {
  const now = nextUpdateTime(context, incident.updateTime);
  const sinceCreation = Math.max(0, now - incident.createTime) / 1000;
  return {
    ...incident,
    status,
    triageSeconds: incident.triageSeconds ?? (status !== STATUS.OPEN ? sinceCreation : null),
    responseSeconds: status === STATUS.CLOSED ? sinceCreation : null,
  };
}

function save(context: WriteContext, before: IncidentRecord, next: IncidentRecord): IncidentRecord {
  const saved = { ...next, updateTime: nextUpdateTime(context, before.updateTime) };
  esetStore(context.dataset).incidents.replace(saved);
  return saved;
}

/** A comment changed: the incident's updateTime follows [inferred], so syncing clients see it. */
function touch(context: WriteContext, incident: IncidentRecord): void {
  save(context, incident, incident);
}

function insertComment({ dataset, now, userUuid }: WriteContext, incidentUuid: string, text: string, isFinal: boolean): CommentRecord {
  const comment: CommentRecord = {
    uuid: randomUUID(),
    incidentUuid,
    text,
    authorUuid: userUuid,
    isFinalComment: isFinal,
    createTime: now,
    updateTime: now,
  };
  esetStore(dataset).comments.insert(comment);
  return comment;
}

/** Now, or just after `previous` when the clock stands still: updateTime always moves forward. */
function nextUpdateTime({ now }: WriteContext, previous: number): number {
  return Math.max(now, previous + 1);
}
