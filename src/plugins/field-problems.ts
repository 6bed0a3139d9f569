/**
 * Fastify's body validation errors (ajv's) as problems by field, for the error shapes whose
 * bodies list fields. Field names read like the request: `title`, `threat_objectives[1].relevance`.
 */
import type { FastifySchemaValidationError } from 'fastify';
import type { FieldProblem, FieldProblems } from '../errors.js';

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

function fieldName(error: FastifySchemaValidationError): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  const child = params.missingProperty ?? params.additionalProperty;
  if (typeof child === 'string') path.push(child);
  return path.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`), '');
}

function problem(error: FastifySchemaValidationError): FieldProblem {
  const params = error.params as Record<string, unknown>;
  const code = CODES[error.keyword] ?? error.keyword;
  if (error.keyword === 'required') return { code, message: 'is required' };
  if (error.keyword === 'additionalProperties') return { code, message: 'is not a field of this request' };
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return { code, message: `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}` };
  }
  return { code, message: error.message ?? 'is invalid' };
}

/** Problems by field, the first per field; undefined when the body as a whole is at fault. */
export function fieldProblems(errors: readonly FastifySchemaValidationError[]): FieldProblems | undefined {
  const fields: FieldProblems = {};
  for (const error of errors) {
    const name = fieldName(error);
    if (name === '' || fields[name]) continue;
    fields[name] = [problem(error)];
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
