/**
 * The write use cases of ESET incidents and comments, with ESET's business rules. Each runs in
 * one transaction of the request's dataset, so a rejected request changes nothing; each change
 * moves the incident's updateTime forward (AIP-148) and keeps the derived durations consistent.
 *
 * Durations [inferred]: triage is from creation until the incident first left OPEN (kept for
 * good once set); response is from creation until it was closed, and empty again after a
 * reopen, until the next close.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
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

const statusName = (status: number) => INCIDENT_STATUSES[status] ?? String(status);

export class IncidentCommands {
  constructor(private readonly clock: Clock) {}

  updateBasicAttributes(dataset: Dataset, incidentUuid: string, body: UpdateIncidentBasicAttributesBodyWire): IncidentRecord {
    const mask = parseUpdateMask(body.updateMask);
    return dataset.transaction(() => {
      const incident = this.incident(dataset, incidentUuid);
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
        if (next.assigneeUuid !== '' && !dataset.esetUsers.get(next.assigneeUuid)) {
          throw invalidArgument(`assigneeUuid '${next.assigneeUuid}' is not a known user`);
        }
      }
      const changed = (['displayName', 'description', 'severity', 'assigneeUuid'] as const).some((f) => next[f] !== incident[f]);
      if (!changed) return incident;
      return this.save(dataset, incident, next);
    });
  }

  close(dataset: Dataset, incidentUuid: string, body: CloseIncidentBodyWire, callerUuid: string): void {
    const reason = enumNumber(RESOLVE_REASONS, body.closureReason ?? RESOLVE_REASONS[0])!;
    if (reason === 0) {
      throw invalidArgument(`closureReason is required and cannot be ${RESOLVE_REASONS[0]}`);
    }
    const finalText = this.commentText(body.finalComment, incidentUuid, 'finalComment', false);
    dataset.transaction(() => {
      const incident = this.incident(dataset, incidentUuid);
      if (incident.status === STATUS.CLOSED) throw ruleViolation('the incident is already CLOSED');
      const next = this.withStatus(incident, STATUS.CLOSED);
      next.resolveReason = reason;
      const saved = this.save(dataset, incident, next);
      if (finalText !== null) {
        dataset.esetComments.unfinalize(incidentUuid);
        this.addComment(dataset, saved.uuid, finalText, callerUuid, true);
      }
    });
  }

  reopen(dataset: Dataset, incidentUuid: string, body: ReopenIncidentBodyWire, callerUuid: string): void {
    const text = this.commentText(body.comment, incidentUuid, 'comment', false);
    dataset.transaction(() => {
      const incident = this.incident(dataset, incidentUuid);
      if (incident.status === STATUS.OPEN) throw ruleViolation('the incident is already OPEN');
      const next = this.withStatus(incident, STATUS.OPEN);
      next.resolveReason = 0;
      const saved = this.save(dataset, incident, next);
      dataset.esetComments.unfinalize(incidentUuid);
      if (text !== null) this.addComment(dataset, saved.uuid, text, callerUuid, false);
    });
  }

  createComment(dataset: Dataset, incidentUuid: string, body: CreateIncidentCommentBodyWire, callerUuid: string): CommentRecord {
    const text = this.commentText(body.comment, incidentUuid, 'comment', true)!;
    return dataset.transaction(() => {
      const incident = this.incident(dataset, incidentUuid);
      const comment = this.addComment(dataset, incident.uuid, text, callerUuid, false);
      this.touch(dataset, incident);
      return comment;
    });
  }

  updateCommentText(dataset: Dataset, incidentUuid: string, commentUuid: string, text: string | undefined): void {
    if (text === undefined || text.trim() === '') throw invalidArgument('text is required and cannot be empty');
    dataset.transaction(() => {
      const incident = this.incident(dataset, incidentUuid);
      const comment = this.comment(dataset, incidentUuid, commentUuid);
      if (comment.text === text) return;
      dataset.esetComments.updateText(commentUuid, text, this.nextUpdateTime(comment.updateTime));
      this.touch(dataset, incident);
    });
  }

  deleteComment(dataset: Dataset, incidentUuid: string, commentUuid: string): void {
    dataset.transaction(() => {
      const incident = this.incident(dataset, incidentUuid);
      this.comment(dataset, incidentUuid, commentUuid);
      dataset.esetComments.delete(commentUuid);
      this.touch(dataset, incident);
    });
  }

  private incident(dataset: Dataset, uuid: string): IncidentRecord {
    const incident = dataset.esetIncidents.get(uuid);
    if (!incident) throw notFound(`incident '${uuid}' does not exist`);
    return incident;
  }

  private comment(dataset: Dataset, incidentUuid: string, commentUuid: string): CommentRecord {
    const comment = dataset.esetComments.get(incidentUuid, commentUuid);
    if (!comment) throw notFound(`incident '${incidentUuid}' has no comment '${commentUuid}'`);
    return comment;
  }

  /**
   * The text of a comment in a request body, or null when none is sent and none is required.
   * Read-only fields (uuid, authorUuid, times, isFinalComment) are ignored, as ESET does.
   */
  private commentText(comment: IncidentCommentWire | undefined, incidentUuid: string, name: string, required: boolean): string | null {
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
  private withStatus(incident: IncidentRecord, status: number): IncidentRecord {
    const now = this.nextUpdateTime(incident.updateTime);
    const sinceCreation = Math.max(0, now - incident.createTime) / 1000;
    return {
      ...incident,
      status,
      triageSeconds: incident.triageSeconds ?? (status !== STATUS.OPEN ? sinceCreation : null),
      responseSeconds: status === STATUS.CLOSED ? sinceCreation : null,
    };
  }

  private save(dataset: Dataset, before: IncidentRecord, next: IncidentRecord): IncidentRecord {
    const saved = { ...next, updateTime: this.nextUpdateTime(before.updateTime) };
    dataset.esetIncidents.replace(saved);
    return saved;
  }

  /** A comment changed: the incident's updateTime follows [inferred], so syncing clients see it. */
  private touch(dataset: Dataset, incident: IncidentRecord): void {
    this.save(dataset, incident, incident);
  }

  private addComment(dataset: Dataset, incidentUuid: string, text: string, authorUuid: string, isFinal: boolean): CommentRecord {
    const now = this.clock.now();
    const comment: CommentRecord = {
      uuid: randomUUID(),
      incidentUuid,
      text,
      authorUuid,
      isFinalComment: isFinal,
      createTime: now,
      updateTime: now,
    };
    dataset.esetComments.insert(comment);
    return comment;
  }

  /** Now, or just after `previous` when the clock stands still: updateTime always moves forward. */
  private nextUpdateTime(previous: number): number {
    return Math.max(this.clock.now(), previous + 1);
  }
}
