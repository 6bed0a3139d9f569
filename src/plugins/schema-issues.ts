/**
 * ajv's validation errors in words, in one place for everything the emulator validates with a
 * schema: request parts (plugins/validation.ts), per-field problems of the shapes that list them
 * (field-problems.ts), and fixture files (an API's fixture parser).
 */

/** The part of an ajv ErrorObject this reads (Fastify's FastifySchemaValidationError has it too). */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown> | object;
  message?: string;
}

export interface DescribedIssue {
  /** The field the issue is about, as path segments (the missing or unknown property included). */
  path: string[];
  /** required, unknown_field, invalid_type, invalid_choice, invalid_format, length, or ajv's keyword. */
  code: string;
  /** What is wrong with the field: "is required", "must be one of A, B", ajv's own words otherwise. */
  detail: string;
}

const CODES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'invalid_type',
  enum: 'invalid_choice',
  format: 'invalid_format',
  minLength: 'length',
  maxLength: 'length',
  minItems: 'length',
  maxItems: 'length',
};

export function describeIssue(issue: SchemaIssue): DescribedIssue {
  const params = issue.params as Record<string, unknown>;
  const path = issue.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const child = params.missingProperty ?? params.additionalProperty;
  if (typeof child === 'string') path.push(child);
  const code = CODES[issue.keyword] ?? issue.keyword;
  switch (issue.keyword) {
    case 'required':
      return { path, code, detail: 'is required' };
    case 'additionalProperties':
      return { path, code, detail: 'is an unknown field' };
    case 'enum':
      return { path, code, detail: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { path, code, detail: issue.message ?? 'is invalid' };
  }
}

/** A path as the request or file writes it: `threat_objectives[1].relevance`. */
export function fieldName(path: readonly string[]): string {
  return path.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`), '');
}
