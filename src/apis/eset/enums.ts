/**
 * ESET's protobuf enums, written once. A value's index in its tuple is its protobuf number:
 * that number is what the store keeps, what ordering and comparisons use (HIGH > MEDIUM > LOW),
 * and what the OpenAPI enum lists are derived from.
 */
export const SEVERITY_LEVELS = [
  'INCIDENT_SEVERITY_LEVEL_UNSPECIFIED',
  'INCIDENT_SEVERITY_LEVEL_LOW',
  'INCIDENT_SEVERITY_LEVEL_MEDIUM',
  'INCIDENT_SEVERITY_LEVEL_HIGH',
] as const;

export const INCIDENT_STATUSES = [
  'INCIDENT_STATUS_UNSPECIFIED',
  'INCIDENT_STATUS_OPEN',
  'INCIDENT_STATUS_IN_PROGRESS',
  'INCIDENT_STATUS_CLOSED',
  'INCIDENT_STATUS_WAITING_FOR_INPUT',
] as const;

export const RESOLVE_REASONS = [
  'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
  'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
  'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
  'INCIDENT_RESOLVE_REASON_SUSPICIOUS',
] as const;

/** Protobuf number of an enum name, or undefined when the name is not in the tuple. */
export function enumNumber(values: readonly string[], name: string): number | undefined {
  const index = values.indexOf(name);
  return index === -1 ? undefined : index;
}

export const SEVERITY = { UNSPECIFIED: 0, LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
export const STATUS = { UNSPECIFIED: 0, OPEN: 1, IN_PROGRESS: 2, CLOSED: 3, WAITING_FOR_INPUT: 4 } as const;
