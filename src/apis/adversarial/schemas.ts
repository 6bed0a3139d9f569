/**
 * Every Adversarial v1 wire shape, declared once. Registered as shared schemas (their $id is the
 * component name), so one object gives the TypeScript type, request validation, response
 * serialization and the OpenAPI document. Names, types, formats, enums and required lists follow
 * Adversarial's reference pages; what they leave open is marked `x-inferred: true`.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { INCIDENT_STATUSES, RELEVANCES, SEVERITIES, TAG_OPERATIONS, THREAT_OBJECTIVES } from './enums.js';
import { schemaRef } from '../../openapi/schema-ref.js';

export const INFERRED = { 'x-inferred': true } as const;

const nullableRef = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>(Type.Union([schemaRef(schema), Type.Null()]));

function stringEnum<const T extends readonly string[]>(id: string, values: T, description: string, extra: object = {}) {
  return Type.Unsafe<T[number]>({ $id: id, type: 'string', description, enum: [...values], ...extra });
}

/** A string that may be null (OpenAPI 3.0: `nullable: true`); `type` arrays never coerce null. */
const nullableString = (options: object = {}) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
const dateTime = (description: string) => Type.String({ format: 'date-time', description });
const nullableDateTime = (description: string) => nullableString({ format: 'date-time', description });

const IncidentStatus = stringEnum('IncidentStatus', INCIDENT_STATUSES, 'The status of an incident.');
const Severity = stringEnum(
  'Severity',
  SEVERITIES,
  'SEV-1 (critical) to SEV-5 (informational). Null asks the platform to score the incident; the emulator scores new ones SEV-4.',
);
const ThreatObjective = stringEnum('ThreatObjective', THREAT_OBJECTIVES, 'The threat objective type.');
const Relevance = stringEnum('Relevance', RELEVANCES, 'How relevant a threat objective is.', INFERRED);
const TagOperation = stringEnum(
  'TagOperation',
  TAG_OPERATIONS,
  'How a bulk update applies `tags`: Replace sets them, Add unions, Remove subtracts. Null or absent: Replace.',
  INFERRED,
);

const User = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    first_name: Type.String(),
    last_name: Type.String(),
    email: Type.String({ format: 'email' }),
    icon: nullableString({ description: 'URL of the avatar, when there is one.' }),
  },
  { $id: 'User', description: 'A user of the organisation.' },
);

const Tag = Type.Object(
  {
    content: Type.String(),
    creator_id: Type.String({ format: 'uuid' }),
    id: Type.String({ format: 'uuid' }),
    org_id: Type.Optional(nullableString({ format: 'uuid', description: "The organisation's id; null for the platform's own tags." })),
  },
  { $id: 'Tag' },
);

const ThreatObjectiveRelation = Type.Object(
  {
    created_date: Type.Optional(nullableDateTime('The time that this relation was mutated (set by the server; ignored in requests).')),
    relevance: Type.Optional(nullableRef(Relevance)),
    threat_objective: schemaRef(ThreatObjective),
  },
  { $id: 'ThreatObjectiveRelation', description: 'A relational struct that has a threat objective type and its relevancy to a risk.' },
);

const Incident = Type.Object(
  {
    assigned_to: Type.Optional(nullableRef(User)),
    contained_date: Type.Optional(nullableDateTime('When the incident was contained.')),
    created_date: dateTime('When the incident was created (set by the server).'),
    description: Type.String(),
    detected_date: dateTime('When the incident was detected.'),
    id: Type.String({ description: 'Display id: INC- and the row id, zero-padded to five digits.', examples: ['INC-00001'] }),
    occurred_date: Type.Optional(nullableDateTime('When the incident occurred.')),
    opened_by: Type.Optional(nullableRef(User)),
    responded_date: Type.Optional(nullableDateTime('When the response started.')),
    severity: Type.Optional(nullableRef(Severity)),
    severity_reasoning: Type.Optional(nullableString()),
    source: Type.Optional(nullableString({ description: "One of the organisation's incident sources." })),
    status: schemaRef(IncidentStatus),
    title: Type.String(),
    updated_date: dateTime('When the incident last changed (set by the server).'),
  },
  { $id: 'Incident', description: 'Relationship, core incident information.' },
);

const RegisterRow = Type.Object(
  {
    comment_count: Type.Integer({ format: 'int64' }),
    incident: schemaRef(Incident),
    risk_associations: Type.Array(Type.String({ examples: ['RSK-00001'] }), { description: 'Ids of the risks the incident is associated with.' }),
    tags: Type.Array(schemaRef(Tag)),
    threat_objectives: Type.Array(schemaRef(ThreatObjectiveRelation)),
  },
  { $id: 'RegisterRow', description: 'Core incident information for a view.' },
);

const editableFields = {
  assigned_to: Type.Optional(nullableString({ format: 'uuid', description: 'Id of an active user; null unassigns.' })),
  contained_date: Type.Optional(nullableDateTime('When the incident was contained.')),
  description: Type.Optional(nullableString({ maxLength: 20000 })),
  detected_date: Type.Optional(nullableDateTime('When the incident was detected.')),
  occurred_date: Type.Optional(nullableDateTime('When the incident occurred.')),
  responded_date: Type.Optional(nullableDateTime('When the response started.')),
  severity: Type.Optional(nullableRef(Severity)),
  severity_reasoning: Type.Optional(nullableString({ maxLength: 5000 })),
  source: Type.Optional(nullableString({ description: "One of the organisation's incident sources (GET /v1/incidents/sources)." })),
  status: Type.Optional(nullableRef(IncidentStatus)),
  tags: Type.Optional(
    Type.Unsafe<string[] | null>({
      type: ['array', 'null'],
      maxItems: 100,
      items: { type: 'string', minLength: 1, maxLength: 100 },
      description: 'Tag contents; a content the organisation does not have yet creates a tag owned by the caller.',
      ...INFERRED,
    }),
  ),
  threat_objectives: Type.Optional(
    Type.Unsafe<Array<Static<typeof ThreatObjectiveRelation>> | null>({
      type: ['array', 'null'],
      maxItems: THREAT_OBJECTIVES.length,
      items: schemaRef(ThreatObjectiveRelation),
      description: 'Replaces the whole set; each threat objective at most once.',
    }),
  ),
  title: Type.Optional(nullableString({ minLength: 1, maxLength: 500 })),
};

export const UpdateIncidentRequest = Type.Object(editableFields, {
  $id: 'UpdateIncidentRequest',
  additionalProperties: false,
  description: 'Absent fields are unchanged; null clears a field (title, description, detected_date and status cannot be cleared).',
});

export const UpdateManyIncidentsRequest = Type.Object(
  {
    ...editableFields,
    ids: Type.Optional(Type.Array(Type.String({ examples: ['INC-00001'] }), { default: [], maxItems: 1000 })),
    tag_operation: Type.Optional(nullableRef(TagOperation)),
  },
  {
    $id: 'UpdateManyIncidentsRequest',
    additionalProperties: false,
    description: 'The fields of PATCH /incidents/:id, applied to every incident in `ids`, all or nothing.',
  },
);

export const CreateIncidentRequest = Type.Object(
  {
    ...editableFields,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    description: Type.String({ maxLength: 20000 }),
    detected_date: dateTime('When the incident was detected.'),
    status: Type.Optional(nullableRef(IncidentStatus)),
  },
  {
    $id: 'CreateIncidentRequest',
    additionalProperties: false,
    description: 'Status defaults to New and severity to SEV-4; created_date, updated_date and opened_by are set by the server.',
  },
);

const UpdateManyIncidentsResponse = Type.Object(
  { incidents: Type.Array(schemaRef(RegisterRow)) },
  { $id: 'UpdateManyIncidentsResponse', description: 'Incidents updated.' },
);

const Pagination = Type.Object(
  {
    page: Type.Integer({ minimum: 1, description: '1-based.' }),
    page_size: Type.Integer({ minimum: 1 }),
    total: Type.Integer({ minimum: 0, description: 'Incidents matching the filters.' }),
    total_pages: Type.Integer({ minimum: 0 }),
    has_next: Type.Boolean(),
  },
  { $id: 'Pagination' },
);

const ListIncidentsResponse = Type.Object(
  {
    incidents: Type.Array(schemaRef(RegisterRow), { description: 'The page, as the documentation names it.' }),
    results: Type.Array(schemaRef(RegisterRow), { description: "The same page, as the vendor's reporting script reads it." }),
    pagination: schemaRef(Pagination),
  },
  { $id: 'ListIncidentsResponse' },
);

const Comment = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    value: Type.String(),
    user: nullableRef(User),
    created_date: dateTime('When the comment was written.'),
    updated_date: dateTime('When the comment last changed.'),
  },
  { $id: 'Comment', ...INFERRED },
);

const CommentList = Type.Object({ comments: Type.Array(schemaRef(Comment)) }, { $id: 'CommentList' });

export const CreateCommentRequest = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 20000 }) },
  { $id: 'CreateCommentRequest', additionalProperties: false },
);

const IncidentSources = Type.Object(
  { sources: Type.Array(Type.String({ examples: ['SIEM'] })) },
  { $id: 'IncidentSources', description: "The organisation's incident sources.", ...INFERRED },
);

const ErrorBody = Type.Object(
  {
    error: Type.String({ description: '"Bad Request", "unauthorized", "forbidden", "not_found", …' }),
    description: Type.String(),
  },
  { $id: 'Error', description: "The API framework's error body.", ...INFERRED },
);

const FieldProblem = Type.Object({ code: Type.String(), message: Type.String() });

const ValidationErrors = Type.Object(
  {
    errors: Type.Unsafe<Record<string, Array<Static<typeof FieldProblem>>>>({
      type: 'object',
      additionalProperties: Type.Array(FieldProblem),
      description: 'Problems by request field.',
    }),
  },
  { $id: 'ValidationErrors', description: "The API framework's validation error body.", ...INFERRED },
);

const TokenRequest = Type.Object(
  {
    grant_type: Type.String({ description: 'client_credentials or refresh_token.' }),
    client_id: Type.Optional(Type.String({ description: 'arm_sa_… (or send it with the secret as HTTP Basic auth).' })),
    client_secret: Type.Optional(Type.String({ description: 'arm_sk_…' })),
    refresh_token: Type.Optional(Type.String({ description: 'For grant_type=refresh_token.' })),
    scope: Type.Optional(Type.String({ description: 'Accepted and ignored: the role of the service account decides.' })),
  },
  { $id: 'TokenRequest' },
);

const TokenResponse = Type.Object(
  {
    access_token: Type.String({ description: 'HS256 JWT, valid 15 minutes.' }),
    refresh_token: Type.String({ description: 'HS256 JWT, valid 7 days, usable once: a refresh rotates the pair.' }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds the access token is valid: 900.' }),
  },
  { $id: 'TokenResponse' },
);

const OAuthError = Type.Object(
  {
    error: Type.String({ enum: ['invalid_request', 'invalid_client', 'invalid_grant', 'unsupported_grant_type', 'server_error'] }),
    error_description: Type.String(),
  },
  { $id: 'OAuthError', description: 'RFC 6749 §5.2.' },
);

/** Shared schemas in dependency order, as the Adversarial scope registers them. */
export const ADVERSARIAL_SHARED_SCHEMAS: readonly TSchema[] = [
  IncidentStatus,
  Severity,
  ThreatObjective,
  Relevance,
  TagOperation,
  User,
  Tag,
  ThreatObjectiveRelation,
  Incident,
  RegisterRow,
  UpdateIncidentRequest,
  UpdateManyIncidentsRequest,
  CreateIncidentRequest,
  UpdateManyIncidentsResponse,
  Pagination,
  ListIncidentsResponse,
  Comment,
  CommentList,
  CreateCommentRequest,
  IncidentSources,
  ErrorBody,
  ValidationErrors,
  TokenRequest,
  TokenResponse,
  OAuthError,
];

export const IncidentPathParams = Type.Object({
  id: Type.String({ maxLength: 30, description: 'The row id (42) or the display id (INC-00042).' }),
});

export type UserWire = Static<typeof User>;
export type TagWire = Static<typeof Tag>;
export type ThreatObjectiveWire = Static<typeof ThreatObjectiveRelation>;
export type IncidentWire = Static<typeof Incident>;
export type RegisterRowWire = Static<typeof RegisterRow>;
export type UpdateIncidentBody = Static<typeof UpdateIncidentRequest>;
export type CreateIncidentBody = Static<typeof CreateIncidentRequest>;
export type ListIncidentsResponseWire = Static<typeof ListIncidentsResponse>;
export type CommentWire = Static<typeof Comment>;
