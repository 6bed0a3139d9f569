/**
 * updateMask of basic-attributes:update (AIP-134): a comma-separated list of field paths, in
 * lowerCamelCase (snake_case is accepted too, as protobuf FieldMasks are written). Only the
 * four basic attributes may be named; anything else is a 400 that says why.
 */
import { invalidArgument } from '../../errors.js';

const UPDATABLE_FIELDS = ['assigneeUuid', 'description', 'displayName', 'severity'] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

/** Incident fields that exist but that this endpoint cannot change. */
const NOT_UPDATABLE_HERE = [
  'uuid', 'createTime', 'updateTime', 'status', 'resolveReason', 'tags', 'deviceUuids', 'detectionUuids',
  'metrics', 'metrics.deviceCount', 'metrics.executableCount', 'metrics.processCount', 'triageDuration',
  'responseDuration',
];

const camelCase = (path: string) => path.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

export function parseUpdateMask(mask: string | undefined): Set<UpdatableField> {
  if (mask === undefined || mask.trim() === '') {
    throw invalidArgument(`updateMask is required: name the fields to change, comma-separated (${UPDATABLE_FIELDS.join(', ')})`);
  }
  const fields = new Set<UpdatableField>();
  for (const [index, raw] of mask.split(',').entries()) {
    const path = raw.trim();
    if (path === '') throw invalidArgument(`updateMask has an empty entry (entry ${index + 1} of '${mask}')`);
    const field = camelCase(path);
    if ((UPDATABLE_FIELDS as readonly string[]).includes(field)) {
      fields.add(field as UpdatableField);
    } else if (path === '*') {
      throw invalidArgument(`updateMask '*' is not supported: list the fields to change (${UPDATABLE_FIELDS.join(', ')})`);
    } else if (NOT_UPDATABLE_HERE.includes(field)) {
      throw invalidArgument(`updateMask names '${path}', which this endpoint cannot change (only ${UPDATABLE_FIELDS.join(', ')})`);
    } else {
      throw invalidArgument(`updateMask names an unknown field '${path}' (updatable: ${UPDATABLE_FIELDS.join(', ')})`);
    }
  }
  return fields;
}
