/**
 * Record → ESET wire shape. proto3 JSON with defaults emitted: every key is present, enums by
 * name, times as RFC 3339 UTC, durations as "<seconds>s" or "" while they do not apply.
 */
import { formatDuration, formatTimestamp } from '../../util/proto-time.js';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS } from './enums.js';
import type { CommentRecord, IncidentRecord } from './record.js';
import type { IncidentCommentWire, IncidentWire } from './schemas.js';

const enumName = <T extends readonly string[]>(values: T, value: number): T[number] => values[value] ?? values[0]!;

/**
 * `withRelations: false` is the list form: the list endpoint leaves deviceUuids and
 * detectionUuids empty (ESET's help tells clients to GET the incident for them).
 */
export function incidentToWire(incident: IncidentRecord, withRelations: boolean): IncidentWire {
  return {
    assigneeUuid: incident.assigneeUuid,
    createTime: formatTimestamp(incident.createTime),
    description: incident.description,
    detectionUuids: withRelations ? incident.detectionUuids : [],
    deviceUuids: withRelations ? incident.deviceUuids : [],
    displayName: incident.displayName,
    metrics: {
      deviceCount: incident.metrics.deviceCount,
      executableCount: incident.metrics.executableCount,
      processCount: incident.metrics.processCount,
    },
    resolveReason: enumName(RESOLVE_REASONS, incident.resolveReason),
    responseDuration: formatDuration(incident.responseSeconds),
    severity: enumName(SEVERITY_LEVELS, incident.severity),
    status: enumName(INCIDENT_STATUSES, incident.status),
    tags: incident.tags,
    triageDuration: formatDuration(incident.triageSeconds),
    updateTime: formatTimestamp(incident.updateTime),
    uuid: incident.uuid,
  };
}

/**
 * The version of the list-item JSON below. Datasets keep that JSON beside each row; one written by
 * another version is rebuilt when opened (store.ts). Raise it with any change of incidentToWire's
 * list form.
 */
export const LIST_ITEM_VERSION = 1;

/** The list-item JSON the repository keeps beside each row. */
export const incidentListItemJson = (incident: IncidentRecord): string => JSON.stringify(incidentToWire(incident, false));

/** A list page from ready list-item JSON: the body of GET /v2/incidents. */
export function listPageJson(items: string, nextPageToken: string): string {
  return `{"incidents":[${items}],"nextPageToken":${JSON.stringify(nextPageToken)}}`;
}

/** A comment with every key (the request schema has them optional; responses never omit one). */
export function commentToWire(comment: CommentRecord): Required<IncidentCommentWire> {
  return {
    authorUuid: comment.authorUuid,
    createTime: formatTimestamp(comment.createTime),
    incidentUuid: comment.incidentUuid,
    isFinalComment: comment.isFinalComment,
    text: comment.text,
    updateTime: formatTimestamp(comment.updateTime),
    uuid: comment.uuid,
  };
}
