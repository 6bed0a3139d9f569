/**
 * Checks an upstream answer against what the emulator documents for the operation: the response
 * schemas of the matched route, which are also what its OpenAPI document is generated from. The
 * schemas are checked closed (a key they do not name is drift, not tolerated), with ajv, and each
 * ajv error becomes an observation: an unexpected field, a missing one, a new enum value, another
 * schema rule, or a status the operation does not document.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { DriftKind } from './drift-store.js';
import { addFormats, ajvModule } from '../util/schema-compilers.js';

export interface Difference {
  kind: DriftKind;
  path: string;
  expected: string;
  actual: string;
}

interface CheckerOptions {
  /**
   * Every key a response object names must be there (ESET: proto3 JSON with defaults emitted,
   * even where a schema shared with requests leaves keys optional).
   */
  everyKeyRequired: boolean;
}

type JsonSchema = Record<string, unknown>;

/** `/incidents/3/severity` → `$.incidents[*].severity`: one finding for every item of a list. */
export function jsonPath(instancePath: string, key?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (key !== undefined) segments.push(key);
  return segments.reduce((path, segment) => {
    const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(name)) return `${path}[*]`;
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
  }, '$');
}

/** A value as a finding shows it: short JSON, or its type for objects and arrays. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** The schema with every object closed (and, when asked, every named key required). */
function closed(schema: unknown, everyKeyRequired: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((item) => closed(item, everyKeyRequired));
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    // `properties` maps names to schemas: its keys are not keywords.
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as JsonSchema).map(([name, sub]) => [name, closed(sub, everyKeyRequired)]))
        : closed(value, everyKeyRequired);
  }
  if (copy.properties !== undefined && typeof copy.properties === 'object') {
    if (copy.additionalProperties === undefined) copy.additionalProperties = false;
    if (everyKeyRequired) copy.required = Object.keys(copy.properties as JsonSchema);
  }
  return copy;
}

/** Drops what only documents a response (its description and headers), keeping the body's schema. */
function bodySchema(response: JsonSchema): JsonSchema {
  const { description: _description, headers: _headers, ...schema } = response;
  return schema;
}

export class AnswerChecker {
  readonly #ajv: Ajv;
  readonly #validators = new Map<unknown, ValidateFunction>();
  readonly #known = new Set<string>();

  constructor(private readonly options: CheckerOptions) {
    this.#ajv = addFormats()(new (ajvModule().Ajv)({ allErrors: true, verbose: true, strict: false, validateSchema: false }));
  }

  /** Adds the shared schemas (by $id) a route's responses may refer to, once each. */
  learn(sharedSchemas: Record<string, unknown>): void {
    for (const [id, schema] of Object.entries(sharedSchemas)) {
      if (this.#known.has(id)) continue;
      this.#known.add(id);
      const ownId = (schema as { $id?: unknown }).$id;
      this.#ajv.addSchema(closed(schema, this.options.everyKeyRequired) as JsonSchema, ownId === undefined ? id : undefined);
    }
  }

  /**
   * The differences between an answer and the route's documented responses. `body` is the parsed
   * JSON (undefined for an empty body); `responses` the route's schema.response.
   */
  check(responses: Record<string, unknown> | undefined, status: number, body: unknown): Difference[] {
    if (responses === undefined) return [];
    const documented = responses[String(status)] ?? responses[`${String(status)[0]}xx`] ?? responses.default;
    if (documented === undefined) {
      return [{ kind: 'status', path: '$', expected: `one of ${Object.keys(responses).join(', ')}`, actual: String(status) }];
    }
    const validate = this.#validatorOf(documented as JsonSchema);
    // An empty body is JSON null to the schema: ESET's errors and 202s are documented as type null.
    if (validate(body === undefined ? null : body)) return [];
    return differencesOf(validate.errors ?? []);
  }

  #validatorOf(response: JsonSchema): ValidateFunction {
    let validate = this.#validators.get(response);
    if (!validate) {
      validate = this.#ajv.compile(closed(bodySchema(response), this.options.everyKeyRequired) as JsonSchema);
      this.#validators.set(response, validate);
    }
    return validate;
  }
}

const isAlternative = (error: ErrorObject) => error.keyword === 'anyOf' || error.keyword === 'oneOf';
const isWithin = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Alternatives (anyOf: a nullable enum, two error shapes) are judged as one. ajv reports a failed
 * alternative's branch errors just before it, at its value or deeper (whatever schema a branch
 * refers to), so those are taken back into it: the alternative says the value fits none, and a
 * branch's enum error says which values would have fitted.
 */
function differencesOf(errors: ErrorObject[]): Difference[] {
  const grouped: Array<{ error: ErrorObject; branches: ErrorObject[] }> = [];
  for (const error of errors) {
    const branches: ErrorObject[] = [];
    while (isAlternative(error) && grouped.length > 0 && isWithin(grouped.at(-1)!.error.instancePath, error.instancePath)) {
      const last = grouped.pop()!;
      branches.unshift(last.error, ...last.branches);
    }
    grouped.push({ error, branches });
  }
  return grouped.map(({ error, branches }) => {
    if (!isAlternative(error)) return differenceOf(error);
    const here = branches.filter((branch) => branch.instancePath === error.instancePath);
    const enumBranch = here.find((branch) => branch.keyword === 'enum');
    if (enumBranch) return enumDifference(enumBranch);
    const reasons = [...new Set(here.map((branch) => branch.message ?? branch.keyword))];
    return {
      kind: 'schema',
      path: jsonPath(error.instancePath),
      expected: reasons.length > 0 ? reasons.join(' or ') : 'one of the documented shapes',
      actual: describeValue(error.data),
    };
  });
}

function enumDifference(error: ErrorObject): Difference {
  const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
  return { kind: 'enum-value', path: jsonPath(error.instancePath), expected: `one of ${allowed.join(', ')}`, actual: describeValue(error.data) };
}

function differenceOf(error: ErrorObject): Difference {
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const value = (error.data as Record<string, unknown>)[key];
      return { kind: 'unexpected-field', path: jsonPath(error.instancePath, key), expected: 'absent', actual: describeValue(value) };
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty;
      return { kind: 'missing-field', path: jsonPath(error.instancePath, key), expected: 'present', actual: 'absent' };
    }
    case 'enum':
      return enumDifference(error);
    default:
      return { kind: 'schema', path: jsonPath(error.instancePath), expected: error.message ?? error.keyword, actual: describeValue(error.data) };
  }
}
