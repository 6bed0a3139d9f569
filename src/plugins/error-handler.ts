/**
 * One error handler for every route: whatever went wrong becomes an ApiError from the catalogue,
 * rendered in the body shape of the API the URL belongs to. ESET's real errors have an empty
 * body, so the reason also travels in the x-emulator-reason header, for every dialect.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { ApiError, ERROR_CATALOGUE, type ErrorCode } from '../errors.js';
import { addCorsHeaders } from './cors.js';
import { dialectOf, routePathOf } from './dialects.js';
import { fieldProblems } from './field-problems.js';
import { hadEmptyBody } from './request-body.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { describeValidationError } from './validation.js';

export const REASON_HEADER = 'x-emulator-reason';
export const ERROR_CODE_HEADER = 'x-emulator-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Header values must be single-line Latin-1; reasons quote user input, so make them safe. */
function headerSafe(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').slice(0, 1000);
}

function toApiError(error: FastifyError | ApiError, request: FastifyRequest, reason = error.message): ApiError {
  if (error instanceof ApiError) return error;
  const status = error.statusCode ?? 500;
  if (error.validation) {
    const reason = describeValidationError(error);
    // No body is a problem of the request, not of a field it sent.
    if (hadEmptyBody(request)) return new ApiError('INVALID_ARGUMENT', `the request body is empty: ${reason}`);
    const fields = error.validationContext === 'body' ? fieldProblems(error.validation) : undefined;
    return new ApiError('INVALID_ARGUMENT', reason, fields);
  }
  const code = CODE_BY_STATUS[status];
  if (code) return new ApiError(code, reason);
  request.log.error({ err: error }, 'unhandled error');
  return new ApiError('INTERNAL', `internal error of the emulator (request-id ${request.id}); see its log`);
}

/** "Bad Request" (sic) for 400, the snake_case reason phrase otherwise: "not_found", "unauthorized". */
function adversarialErrorName(status: number): string {
  return status === 400 ? 'Bad Request' : (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/ /g, '_');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  // Whether ESET answers a broken business rule with 400 or 403 is unsettled: it is a setting.
  const status = error.code === 'FAILED_PRECONDITION' ? request.server.config.ruleViolationStatus : error.status;
  reply.code(status).header(REASON_HEADER, headerSafe(error.reason)).header(ERROR_CODE_HEADER, error.code);
  switch (dialectOf(routePathOf(request))) {
    case 'eset':
      // The real service answers errors with an empty body.
      return reply.removeHeader('content-type').send();
    case 'oauth': {
      const entry = ERROR_CATALOGUE[error.code];
      const oauthError = 'oauthError' in entry ? entry.oauthError : status >= 500 ? 'server_error' : 'invalid_request';
      return reply.header('cache-control', 'no-store').send({ error: oauthError, error_description: error.reason });
    }
    case 'adversarial':
      // The defaults of Adversarial's web framework: per-field problems, else {error, description}.
      return reply.send(error.fields ? { errors: error.fields } : { error: adversarialErrorName(status), description: error.reason });
    case 'emulator':
      return reply.send({ error: error.code, message: error.reason });
  }
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot read (`/v2/incidents/%zz`) or a path
 * parameter beyond its limit is answered before any hook runs — so this gives it what the hooks
 * give every other answer: the request-id, CORS headers and the API's own error shape.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header(REQUEST_ID_HEADER, request.id);
  addCorsHeaders(request, reply);
  const reason = error.code === 'FST_ERR_BAD_URL' ? `the request path is not a valid URL: ${request.url.split('?', 1)[0]}` : error.message;
  return sendError(request, reply, toApiError(error, request, reason));
}

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | ApiError, request, reply) => sendError(request, reply, toApiError(error, request)));
    app.setNotFoundHandler((request, reply) =>
      sendError(request, reply, new ApiError('NOT_FOUND', `no such resource: ${request.method} ${request.url.split('?', 1)[0]}`)),
    );
  },
  { name: 'error-handler' },
);
