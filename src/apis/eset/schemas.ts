/**
 * Every ESET wire shape, declared once. These schemas are registered as shared schemas (their
 * $id is ESET's component name), so one object gives the TypeScript type (Static), request
 * validation (ajv), response serialization (fast-json-stringify) and the OpenAPI document.
 * Names, types, formats and enums follow ESET's own document; descriptions are ours.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { INCIDENT_STATUSES, RESOLVE_REASONS, SEVERITY_LEVELS } from './enums.js';
import { schemaRef } from '../../openapi/schema-ref.js';

function protoEnum<const T extends readonly string[]>(id: string, values: T, description: string) {
  return Type.Unsafe<T[number]>({ $id: id, type: 'string', description, default: values[0], enum: [...values] });
}

const IncidentSeverityLevel = protoEnum(
  'v2IncidentSeverityLevel',
  SEVERITY_LEVELS,
  'Severity of the incident; ordering and comparisons follow the protobuf number (LOW < MEDIUM < HIGH).',
);
const IncidentStatus = protoEnum('v2IncidentStatus', INCIDENT_STATUSES, 'Where the incident is in its life cycle.');
const IncidentResolveReason = protoEnum(
  'v2IncidentResolveReason',
  RESOLVE_REASONS,
  'Why the incident was closed; UNSPECIFIED while it is not closed.',
);

const IncidentMetrics = Type.Object(
  {
    deviceCount: Type.Integer({ format: 'int64', description: 'Devices involved in the incident.' }),
    executableCount: Type.Integer({ format: 'int64', description: 'Executables involved in the incident.' }),
    processCount: Type.Integer({ format: 'int64', description: 'Processes involved in the incident.' }),
  },
  { $id: 'v2IncidentMetrics', description: 'Counts of what the incident involves.' },
);


/** Response incidents always carry every key (proto3 JSON with defaults emitted). */
const Incident = Type.Object(
  {
    assigneeUuid: Type.String({ description: 'User responsible for the incident; empty when unassigned.' }),
    createTime: Type.String({ format: 'date-time', readOnly: true, description: 'When the incident was created (RFC 3339, UTC).' }),
    description: Type.String({ description: 'Free text about the incident.' }),
    detectionUuids: Type.Array(Type.String(), { readOnly: true, description: 'Detections of the incident; empty in list responses.' }),
    deviceUuids: Type.Array(Type.String(), { readOnly: true, description: 'Devices of the incident; empty in list responses.' }),
    displayName: Type.String({ description: 'Human-readable name.' }),
    metrics: schemaRef(IncidentMetrics),
    resolveReason: schemaRef(IncidentResolveReason),
    responseDuration: Type.String({ readOnly: true, description: 'From creation until closed, as a proto3 Duration ("5400s"); empty while open.' }),
    severity: schemaRef(IncidentSeverityLevel),
    status: schemaRef(IncidentStatus),
    tags: Type.Array(Type.String(), { readOnly: true, description: 'Tags attached to the incident.' }),
    triageDuration: Type.String({ readOnly: true, description: 'From creation until it first left OPEN, as a proto3 Duration; empty before.' }),
    updateTime: Type.String({ format: 'date-time', readOnly: true, description: 'When the incident last changed (RFC 3339, UTC).' }),
    uuid: Type.String({ description: 'Opaque identifier of the incident.' }),
  },
  { $id: 'v2Incident', description: 'A security incident.' },
);

const ListIncidentsResponse = Type.Object(
  {
    incidents: Type.Array(schemaRef(Incident)),
    nextPageToken: Type.String({ description: 'Token of the next page; empty on the last page.' }),
  },
  { $id: 'v2ListIncidentsResponse' },
);

const GetIncidentResponse = Type.Object({ incident: schemaRef(Incident) }, { $id: 'v2GetIncidentResponse' });

/**
 * A comment. One schema serves requests (where clients may send the read-only fields, which are
 * ignored, and nothing else) and responses (where the mapper emits every key). Hence no
 * `required` here: what a request must carry is checked by the use case, with a clear reason.
 */
const IncidentComment = Type.Object(
  {
    authorUuid: Type.Optional(Type.String({ readOnly: true, description: 'Who wrote the comment (read-only).' })),
    createTime: Type.Optional(Type.String({ format: 'date-time', readOnly: true, description: 'When it was written (read-only).' })),
    incidentUuid: Type.Optional(Type.String({ description: 'The incident it belongs to; when sent, it must be the one in the path.' })),
    isFinalComment: Type.Optional(Type.Boolean({ readOnly: true, description: 'Whether it was written when the incident was closed (read-only).' })),
    text: Type.Optional(Type.String({ description: 'The comment.' })),
    updateTime: Type.Optional(Type.String({ format: 'date-time', readOnly: true, description: 'When its text last changed (read-only).' })),
    uuid: Type.Optional(Type.String({ description: 'Opaque identifier of the comment (assigned by the server).' })),
  },
  { $id: 'v2IncidentComment', additionalProperties: false, description: 'A comment on an incident.' },
);

export const UpdateIncidentBasicAttributesBody = Type.Object(
  {
    assigneeUuid: Type.Optional(Type.String({ description: 'User to assign; empty to unassign (only while OPEN).' })),
    description: Type.Optional(Type.String({ description: 'New description.' })),
    displayName: Type.Optional(Type.String({ description: 'New name.' })),
    severity: Type.Optional(schemaRef(IncidentSeverityLevel)),
    updateMask: Type.Optional(Type.String({ description: 'Comma-separated lowerCamelCase fields to change: assigneeUuid, description, displayName, severity.' })),
  },
  { $id: 'IncidentsUpdateIncidentBasicAttributesBody', additionalProperties: false },
);

export const CloseIncidentBody = Type.Object(
  {
    closureReason: Type.Optional(schemaRef(IncidentResolveReason)),
    finalComment: Type.Optional(schemaRef(IncidentComment)),
  },
  { $id: 'IncidentsCloseIncidentBody', additionalProperties: false },
);

export const ReopenIncidentBody = Type.Object(
  { comment: Type.Optional(schemaRef(IncidentComment)) },
  { $id: 'IncidentsReopenIncidentBody', additionalProperties: false },
);

export const CreateIncidentCommentBody = Type.Object(
  { comment: Type.Optional(schemaRef(IncidentComment)) },
  { $id: 'IncidentCommentsCreateIncidentCommentBody', additionalProperties: false },
);

export const UpdateIncidentCommentTextBody = Type.Object(
  { text: Type.Optional(Type.String({ description: 'The new text.' })) },
  { $id: 'IncidentCommentsUpdateIncidentCommentTextBody', additionalProperties: false },
);

const emptyResponse = (id: string) => Type.Object({}, { $id: id, title: 'empty' });

const UpdateIncidentBasicAttributesResponse = Type.Object(
  { incident: schemaRef(Incident) },
  { $id: 'v2UpdateIncidentBasicAttributesResponse' },
);
const CloseIncidentResponse = emptyResponse('v2CloseIncidentResponse');
const ReopenIncidentResponse = emptyResponse('v2ReopenIncidentResponse');
const ListIncidentCommentsResponse = Type.Object(
  { comments: Type.Array(schemaRef(IncidentComment)) },
  { $id: 'v2ListIncidentCommentsResponse' },
);
const CreateIncidentCommentResponse = Type.Object({ comment: schemaRef(IncidentComment) }, { $id: 'v2CreateIncidentCommentResponse' });
const GetIncidentCommentResponse = Type.Object({ comment: schemaRef(IncidentComment) }, { $id: 'v2GetIncidentCommentResponse' });
const DeleteIncidentCommentResponse = emptyResponse('v2DeleteIncidentCommentResponse');
const UpdateIncidentCommentTextResponse = emptyResponse('v2UpdateIncidentCommentTextResponse');

/** Shared schemas in dependency order, as the ESET scope registers them. */
export const ESET_SHARED_SCHEMAS: readonly TSchema[] = [
  IncidentSeverityLevel,
  IncidentStatus,
  IncidentResolveReason,
  IncidentMetrics,
  Incident,
  ListIncidentsResponse,
  GetIncidentResponse,
  IncidentComment,
  UpdateIncidentBasicAttributesBody,
  CloseIncidentBody,
  ReopenIncidentBody,
  CreateIncidentCommentBody,
  UpdateIncidentCommentTextBody,
  UpdateIncidentBasicAttributesResponse,
  CloseIncidentResponse,
  ReopenIncidentResponse,
  ListIncidentCommentsResponse,
  CreateIncidentCommentResponse,
  GetIncidentCommentResponse,
  DeleteIncidentCommentResponse,
  UpdateIncidentCommentTextResponse,
];

const orderByParameter = () =>
  Type.String({ minLength: 0, maxLength: 100, description: 'Comma-separated fields, each optionally followed by " desc".' });
const pageSizeParameter = () =>
  Type.Integer({ format: 'int64', minimum: 0, description: 'A decimal integer. 0 or unset: 50; above 1000: 1000.' });
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

// ESET's document says format uuid, but ids are opaque: an id that is no uuid is simply unknown (404).
const pathId = (description: string) => Type.String({ minLength: 0, maxLength: 100, description });

export const IncidentPathParams = Type.Object({
  incidentUuid: pathId('Identifier of the incident (opaque).'),
});

export const CommentPathParams = Type.Object({
  incidentUuid: pathId('Identifier of the incident (opaque).'),
  commentUuid: pathId('Identifier of the comment (opaque).'),
});

export type IncidentWire = Static<typeof Incident>;
export type IncidentCommentWire = Static<typeof IncidentComment>;
export type UpdateIncidentBasicAttributesBodyWire = Static<typeof UpdateIncidentBasicAttributesBody>;
export type CloseIncidentBodyWire = Static<typeof CloseIncidentBody>;
export type ReopenIncidentBodyWire = Static<typeof ReopenIncidentBody>;
export type CreateIncidentCommentBodyWire = Static<typeof CreateIncidentCommentBody>;
export type ListIncidentsQueryWire = Static<typeof ListIncidentsQuery>;
