/**
 * The one whitelist of ESET incident fields that `filter` and `orderBy` may name, and where
 * each lives in SQL (table `eset_incidents` as `i`, see store/migrations.ts). The filter
 * compiler knows nothing else about ESET: field names, enum values and columns all come from
 * here. Paths are canonical snake_case; clients may also write lowerCamelCase and an
 * `incident.` prefix.
 */
import type { FieldCatalog, ListField } from '../../filter/types.js';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS } from './enums.js';

function listField(column: string, countColumn: string, table: string, valueColumn: string): ListField {
  return {
    kind: 'list',
    elementType: 'string',
    column: `i.${column}`,
    countColumn: `i.${countColumn}`,
    membership: { table, valueColumn, rowIdColumn: 'incident_id' },
  };
}

export const ESET_FIELDS: FieldCatalog = {
  rowId: 'i.id',
  messageName: 'incident',
  fields: {
    uuid: { kind: 'scalar', type: 'string', column: 'i.uuid' },
    display_name: { kind: 'scalar', type: 'string', column: 'i.display_name' },
    description: { kind: 'scalar', type: 'string', column: 'i.description' },
    assignee_uuid: { kind: 'scalar', type: 'string', column: 'i.assignee_uuid' },
    // Epoch milliseconds.
    create_time: { kind: 'scalar', type: 'timestamp', column: 'i.create_time' },
    update_time: { kind: 'scalar', type: 'timestamp', column: 'i.update_time' },
    // Protobuf numbers; a value's index in its tuple is its number.
    severity: { kind: 'scalar', type: 'enum', column: 'i.severity', enumValues: SEVERITY_LEVELS },
    status: { kind: 'scalar', type: 'enum', column: 'i.status', enumValues: INCIDENT_STATUSES },
    resolve_reason: { kind: 'scalar', type: 'enum', column: 'i.resolve_reason', enumValues: RESOLVE_REASONS },
    'metrics.device_count': { kind: 'scalar', type: 'int', column: 'i.device_count' },
    'metrics.executable_count': { kind: 'scalar', type: 'int', column: 'i.executable_count' },
    'metrics.process_count': { kind: 'scalar', type: 'int', column: 'i.process_count' },
    // Whole seconds; NULL until the duration applies (triage: left OPEN; response: closed).
    triage_duration: { kind: 'scalar', type: 'duration', column: 'i.triage_seconds', nullable: true },
    response_duration: { kind: 'scalar', type: 'duration', column: 'i.response_seconds', nullable: true },
    tags: listField('tags', 'tag_count', 'eset_incident_tags', 'tag'),
    device_uuids: listField('device_uuids', 'device_uuid_count', 'eset_incident_devices', 'device_uuid'),
    detection_uuids: listField('detection_uuids', 'detection_uuid_count', 'eset_incident_detections', 'detection_uuid'),
  },
};
