/**
 * Fastify's body validation errors (ajv's) as problems by field, for the error shapes whose
 * bodies list fields. Field names read like the request: `title`, `threat_objectives[1].relevance`.
 */
import type { FastifySchemaValidationError } from 'fastify';
import type { FieldProblems } from '../errors.js';
import { describeIssue, fieldName } from './schema-issues.js';

/** Problems by field, the first per field; undefined when the body as a whole is at fault. */
export function fieldProblems(errors: readonly FastifySchemaValidationError[]): FieldProblems | undefined {
  const fields: FieldProblems = {};
  for (const error of errors) {
    const { path, code, detail } = describeIssue(error);
    const name = fieldName(path);
    if (name === '' || fields[name]) continue;
    fields[name] = [{ code, message: detail }];
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
