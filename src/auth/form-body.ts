/**
 * Token endpoints take application/x-www-form-urlencoded bodies and nothing else (RFC 6749 §3.2):
 * a scope that calls acceptFormsOnly parses forms, and answers any other body with a 415.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

export type Form = Record<string, string>;

export function acceptFormsOnly(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const form: Form = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (key in form) return done(new ApiError('OAUTH_INVALID_REQUEST', `the form field '${key}' is repeated`), undefined);
      form[key] = value;
    }
    done(null, form);
  });
}

/** The parsed form, or a 415 when the request had no form body. */
export function formOf(body: unknown): Form {
  if (body === undefined || body === null) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the token request as application/x-www-form-urlencoded');
  }
  return body as Form;
}

export function requiredField(form: Form, name: string): string {
  const value = form[name];
  if (value === undefined || value === '') {
    throw new ApiError('OAUTH_INVALID_REQUEST', `the form field '${name}' is required for this grant_type`);
  }
  return value;
}
