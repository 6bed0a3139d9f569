/**
 * GET /v1/incidents query parameters: one table gives the documented query-string schema (which
 * validates them) and the way each becomes part of an IncidentListQuery. Array parameters are
 * written `name[]` and may be repeated keys or comma lists, with or without the brackets
 * [inferred]; a preValidation step normalises them, so that the schema sees `name[]` arrays.
 */
import { Type, type Static, type TOptional, type TSchema } from 'typebox';
import { invalidArgument } from '../../errors.js';
import { parseTimestamp } from '../../util/proto-time.js';
import {
  INCIDENT_STATUSES,
  SEVERITIES,
  THREAT_OBJECTIVES,
  parseIncidentId,
  type IncidentStatus,
  type Severity,
  type ThreatObjective,
} from './enums.js';
import { DATE_FIELDS, ORDER_FIELDS, type DateField, type IncidentFilter, type IncidentListQuery, type OrderTerm } from './incident-query.js';
import { INFERRED } from './schemas.js';

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;
const DEFAULT_ORDER_BY = '-created_date';
const FIRST_PAGE = 1;

const DAY_MS = 86_400_000;
const DATE_VALUE = '^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9:.]+([Zz]|[+-][0-9]{2}:[0-9]{2}))?$';
const ORDER_BY = `^[-+]?(${ORDER_FIELDS.join('|')})(,[-+]?(${ORDER_FIELDS.join('|')}))*$`;

const list = <T extends TSchema>(items: T, description: string, extra: object = {}) => Type.Array(items, { description, ...extra });
const oneOf = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const dateRange = (field: string) =>
  list(Type.String({ pattern: DATE_VALUE }), `Inclusive [from, to] range of ${field}: two values, RFC 3339 times or dates (a date "to" means its end); either may be empty.`, {
    minItems: 2,
    maxItems: 2,
    ...INFERRED,
  });

/** The array parameters: how the schema checks their values. Any listed value matches. */
const ARRAY_PARAMETERS = {
  id: list(Type.String({ pattern: '^(INC-)?[0-9]{1,15}$' }), 'Incident ids, INC-00042 or 42.'),
  severity: list(oneOf(SEVERITIES), 'Severities.'),
  status: list(oneOf(INCIDENT_STATUSES), 'Statuses.'),
  source: list(Type.String({ minLength: 1 }), "Sources, each one of the organisation's incident sources."),
  assigned_to: list(Type.String({ format: 'uuid' }), 'Ids of assignees.'),
  opened_by: list(Type.String({ format: 'uuid' }), 'Ids of the users who opened the incidents.'),
  threat_objectives: list(oneOf(THREAT_OBJECTIVES), 'Incidents with any of these threat objectives.'),
  tags: list(Type.String({ minLength: 1 }), 'Incidents with any of these tag contents.'),
  ...(Object.fromEntries(DATE_FIELDS.map((field) => [field, dateRange(field)])) as Record<DateField, ReturnType<typeof dateRange>>),
};

type ArrayParameter = keyof typeof ARRAY_PARAMETERS;

const SCALAR_PARAMETERS = {
  title_contains: Type.Optional(Type.String({ maxLength: 500, description: 'Title contains this text (case-insensitive).' })),
  description_contains: Type.Optional(Type.String({ maxLength: 500, description: 'Description contains this text (case-insensitive).' })),
  free_text: Type.Optional(Type.String({ maxLength: 500, description: 'Title, description or display id contains this text (case-insensitive).' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: FIRST_PAGE, description: '1-based page number.' })),
  page_size: Type.Optional(Type.Integer({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: `Incidents per page: ${DEFAULT_PAGE_SIZE} unless given, at most ${MAX_PAGE_SIZE}.`,
    ...INFERRED,
  })),
  order_by: Type.Optional(Type.String({
    pattern: ORDER_BY,
    default: DEFAULT_ORDER_BY,
    description: `Comma-separated fields, each ascending, or descending with a leading "-": ${ORDER_FIELDS.join(', ')}. Nulls sort as the largest values; the id breaks ties.`,
    ...INFERRED,
  })),
};

/** The array parameters as the query names them (`status[]`), each optional. */
type ArrayProperties = { [K in ArrayParameter as `${K}[]`]: TOptional<(typeof ARRAY_PARAMETERS)[K]> };
const ARRAY_PROPERTIES = Object.fromEntries(
  Object.entries(ARRAY_PARAMETERS).map(([name, schema]) => [`${name}[]`, Type.Optional(schema)]),
) as ArrayProperties;

/**
 * The documented (and validated) query string: array parameters as `name[]`, unknown ones
 * refused. page, page_size and order_by are never absent once validated: their defaults fill in.
 */
export const ListIncidentsQuery = Type.Object({ ...ARRAY_PROPERTIES, ...SCALAR_PARAMETERS }, { additionalProperties: false });

type ListIncidentsQueryWire = Static<typeof ListIncidentsQuery>;

/** The query with page, page_size and order_by given (validation fills the schema's defaults in; so does this). */
export type PagedListQuery = ListIncidentsQueryWire & { page: number; page_size: number; order_by: string };

export const withDefaults = (query: ListIncidentsQueryWire): PagedListQuery => ({
  ...query,
  page: query.page ?? FIRST_PAGE,
  page_size: query.page_size ?? DEFAULT_PAGE_SIZE,
  order_by: query.order_by ?? DEFAULT_ORDER_BY,
});

const isArrayParameter = (name: string): name is ArrayParameter => Object.hasOwn(ARRAY_PARAMETERS, name);

/**
 * `severity=SEV-1,SEV-2`, `severity[]=SEV-1&severity[]=SEV-2` and mixes of them all become
 * `severity[]: ["SEV-1", "SEV-2"]`. Empty values are dropped, except in date ranges, where an
 * empty end is open. Scalar and unknown parameters are left for the schema to judge.
 */
export function normaliseListQuery(query: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const normalised: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const name = key.endsWith('[]') ? key.slice(0, -2) : key;
    if (!isArrayParameter(name) || value === undefined) {
      normalised[key] = value;
      continue;
    }
    const keepEmpty = (DATE_FIELDS as readonly string[]).includes(name);
    const values = (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).map((item) => item.trim());
    const previous = (normalised[`${name}[]`] as string[] | undefined) ?? [];
    normalised[`${name}[]`] = [...previous, ...values.filter((item) => keepEmpty || item !== '')];
  }
  return normalised;
}

function dateBound(parameter: string, text: string, end: boolean): number | null {
  if (text === '') return null;
  // A plain date is the whole day: from its first millisecond, to its last.
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseTimestamp(`${text}T00:00:00Z`) : parseTimestamp(text.replace(' ', 'T'));
  if (ms === undefined) throw invalidArgument(`${parameter}: '${text}' is not an RFC 3339 time or a date`);
  return end && text.length === 10 ? ms + DAY_MS - 1 : ms;
}

function orderTerms(orderBy: string): OrderTerm[] {
  return orderBy.split(',').map((term) => ({
    field: term.replace(/^[-+]/, '') as OrderTerm['field'],
    descending: term.startsWith('-'),
  }));
}

/** The validated, normalised query string → what the repository runs. */
/** `sources`: the organisation's incident sources, asked for only when the query names some. */
export function toListQuery(query: PagedListQuery, sources: () => readonly string[]): IncidentListQuery {
  const values = (name: ArrayParameter): string[] | undefined => {
    const given = query[`${name}[]`];
    return given && given.length > 0 ? given : undefined;
  };
  const namedSources = values('source');
  const known = namedSources ? sources() : [];
  const unknownSources = namedSources?.filter((source) => !known.includes(source)) ?? [];
  if (unknownSources.length > 0) {
    throw invalidArgument(`source[]: '${unknownSources[0]}' is not one of the organisation's incident sources (${known.join(', ')})`);
  }
  const filter: IncidentFilter = {
    ids: values('id')?.map((id) => parseIncidentId(id) ?? 0),
    titleContains: query.title_contains || undefined,
    descriptionContains: query.description_contains || undefined,
    freeText: query.free_text || undefined,
    severities: values('severity') as Severity[] | undefined,
    statuses: values('status') as IncidentStatus[] | undefined,
    sources: values('source'),
    assignedTo: values('assigned_to')?.map((id) => id.toLowerCase()),
    openedBy: values('opened_by')?.map((id) => id.toLowerCase()),
    threatObjectives: values('threat_objectives') as ThreatObjective[] | undefined,
    tags: values('tags'),
    dates: {},
  };
  for (const field of DATE_FIELDS) {
    const range = values(field);
    if (!range) continue;
    const parameter = `${field}[]`;
    const from = dateBound(parameter, range[0]!, false);
    const to = dateBound(parameter, range[1]!, true);
    if (from !== null && to !== null && from > to) throw invalidArgument(`${parameter}: from (${range[0]}) is after to (${range[1]})`);
    filter.dates![field] = { from, to };
  }
  return {
    filter,
    order: orderTerms(query.order_by),
    limit: query.page_size,
    offset: (query.page - 1) * query.page_size,
  };
}
