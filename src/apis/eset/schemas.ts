/**
 * Every ESET wire shape, declared once. These schemas are registered as shared schemas (their
 * $id is ESET's component name), so one object gives the TypeScript type (Static), request
 * validation (ajv), response serialization (fast-json-stringify) and the OpenAPI document.
 * Names, types, formats and enums follow ESET's own document; descriptions are ours.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS } from './enums.js';

function protoEnum<const T extends readonly string[]>(id: string, values: T, description: string) {
  return Type.Unsafe<T[number]>({ $id: id, type: 'string', description, default: values[0], enum: [...values] });
}

export const IncidentSeverityLevel = protoEnum(
  'v2IncidentSeverityLevel',
  SEVERITY_LEVELS,
  'Severity of the incident; ordering and comparisons follow the protobuf number (LOW < MEDIUM < HIGH).',
);
export const IncidentStatus = protoEnum('v2IncidentStatus', INCIDENT_STATUSES, 'Where the incident is in its life cycle.');
export const IncidentResolveReason = protoEnum(
  'v2IncidentResolveReason',
  RESOLVE_REASONS,
  'Why the incident was closed; UNSPECIFIED while it is not closed.',
);

export const IncidentMetrics = Type.Object(
  {
    deviceCount: Type.Integer({ format: 'int64', description: 'Devices involved in the incident.' }),
    executableCount: Type.Integer({ format: 'int64', description: 'Executables involved in the incident.' }),
    processCount: Type.Integer({ format: 'int64', description: 'Processes involved in the incident.' }),
  },
  { $id: 'v2IncidentMetrics', description: 'Counts of what the incident involves.' },
);

const ref = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T>>(Type.Ref((schema as { $id?: string }).$id!));

/** Response incidents always carry every key (proto3 JSON with defaults emitted). */
export const Incident = Type.Object(
  {
    assigneeUuid: Type.String({ description: 'User responsible for the incident; empty when unassigned.' }),
    createTime: Type.String({ format: 'date-time', readOnly: true, description: 'When the incident was created (RFC 3339, UTC).' }),
    description: Type.String({ description: 'Free text about the incident.' }),
    detectionUuids: Type.Array(Type.String(), { readOnly: true, description: 'Detections of the incident; empty in list responses.' }),
    deviceUuids: Type.Array(Type.String(), { readOnly: true, description: 'Devices of the incident; empty in list responses.' }),
    displayName: Type.String({ description: 'Human-readable name.' }),
    metrics: ref(IncidentMetrics),
    resolveReason: ref(IncidentResolveReason),
    responseDuration: Type.String({ readOnly: true, description: 'From creation until closed, as a proto3 Duration ("5400s"); empty while open.' }),
    severity: ref(IncidentSeverityLevel),
    status: ref(IncidentStatus),
    tags: Type.Array(Type.String(), { readOnly: true, description: 'Tags attached to the incident.' }),
    triageDuration: Type.String({ readOnly: true, description: 'From creation until it first left OPEN, as a proto3 Duration; empty before.' }),
    updateTime: Type.String({ format: 'date-time', readOnly: true, description: 'When the incident last changed (RFC 3339, UTC).' }),
    uuid: Type.String({ description: 'Opaque identifier of the incident.' }),
  },
  { $id: 'v2Incident', description: 'A security incident.' },
);

export const ListIncidentsResponse = Type.Object(
  {
    incidents: Type.Array(ref(Incident)),
    nextPageToken: Type.String({ description: 'Token of the next page; empty on the last page.' }),
  },
  { $id: 'v2ListIncidentsResponse' },
);

export const GetIncidentResponse = Type.Object({ incident: ref(Incident) }, { $id: 'v2GetIncidentResponse' });

/** Shared schemas in dependency order, as the ESET scope registers them. */
export const ESET_SHARED_SCHEMAS: readonly TSchema[] = [
  IncidentSeverityLevel,
  IncidentStatus,
  IncidentResolveReason,
  IncidentMetrics,
  Incident,
  ListIncidentsResponse,
  GetIncidentResponse,
];

const orderByParameter = () =>
  Type.String({ minLength: 0, maxLength: 100, description: 'Comma-separated fields, each optionally followed by " desc".' });
const pageSizeParameter = () =>
  Type.Integer({ format: 'int64', minimum: 0, maximum: 99999, description: '0 or unset: 50; above 1000: 1000.' });
const pageTokenParameter = () =>
  Type.String({ minLength: 0, maxLength: 128, description: 'nextPageToken of the previous page; empty for the first.' });

/** The list parameters, with the snake_case spellings real clients also send. */
export const ListIncidentsQuery = Type.Object(
  {
    filter: Type.Optional(Type.String({ minLength: 0, maxLength: 200, description: 'CEL expression over incident fields.' })),
    orderBy: Type.Optional(orderByParameter()),
    pageSize: Type.Optional(pageSizeParameter()),
    pageToken: Type.Optional(pageTokenParameter()),
    order_by: Type.Optional(orderByParameter()),
    page_size: Type.Optional(pageSizeParameter()),
    page_token: Type.Optional(pageTokenParameter()),
  },
  { additionalProperties: true },
);

/** snake_case spelling → the documented lowerCamelCase name. */
export const LIST_QUERY_ALIASES = { order_by: 'orderBy', page_size: 'pageSize', page_token: 'pageToken' } as const;

export const IncidentPathParams = Type.Object({
  // ESET's document says format uuid, but ids are opaque: an id that is no uuid is simply unknown (404).
  incidentUuid: Type.String({ minLength: 0, maxLength: 100, description: 'Identifier of the incident (opaque).' }),
});

export type IncidentWire = Static<typeof Incident>;
export type ListIncidentsResponseWire = Static<typeof ListIncidentsResponse>;
export type ListIncidentsQueryWire = Static<typeof ListIncidentsQuery>;
