/**
 * An incident as the in-process filter evaluator sees it: canonical field paths of the filter
 * catalogue (filter-fields.ts) to values (times in epoch ms, durations in seconds, enums as
 * their numbers).
 */
import type { FilterRow } from '../../filter/types.js';
import type { IncidentRecord } from './record.js';

export function toFilterRow(incident: IncidentRecord): FilterRow {
  return {
    uuid: incident.uuid,
    display_name: incident.displayName,
    description: incident.description,
    assignee_uuid: incident.assigneeUuid,
    create_time: incident.createTime,
    update_time: incident.updateTime,
    severity: incident.severity,
    status: incident.status,
    resolve_reason: incident.resolveReason,
    'metrics.device_count': incident.metrics.deviceCount,
    'metrics.executable_count': incident.metrics.executableCount,
    'metrics.process_count': incident.metrics.processCount,
    triage_duration: incident.triageSeconds,
    response_duration: incident.responseSeconds,
    tags: incident.tags,
    device_uuids: incident.deviceUuids,
    detection_uuids: incident.detectionUuids,
  };
}
