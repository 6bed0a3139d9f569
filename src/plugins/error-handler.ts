/**
 * Whatever went wrong becomes an ApiError from the catalogue, rendered in an error shape. Each
 * API's encapsulated scope sets its own shape (useErrorShape) for its routes and its not-found
 * answers; everything else — the control API, the documents, an unknown path — answers in the
 * emulator's own {error, message}. ESET's real errors have an empty body, so the reason also
 * travels in the x-emulator-reason header, whatever the shape.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { ApiError, type ErrorCode, type ErrorShape } from '../errors.js';
import type { ApiRoutes } from '../service.js';
import { addCorsHeaders } from './cors.js';
import { fieldProblems } from './field-problems.js';
import { hadEmptyBody } from './request-body.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { describeValidationError } from './validation.js';

const REASON_HEADER = 'x-emulator-reason';
const ERROR_CODE_HEADER = 'x-emulator-error';

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

function toApiError(error: FastifyError | ApiError, request: FastifyRequest): ApiError {
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
  if (code) return new ApiError(code, error.message);
  request.log.error({ err: error }, 'unhandled error');
  return new ApiError('INTERNAL', `internal error of the emulator (request-id ${request.id}); see its log`);
}

/** The emulator's own shape: {error: CODE, message}. */
const emulatorShape: ErrorShape = (reply, error) => reply.send({ error: error.code, message: error.reason });

function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError, shape: ErrorShape): FastifyReply {
  // Whether ESET answers a broken business rule with 400 or 403 is unsettled: it is a setting.
  const status = error.code === 'FAILED_PRECONDITION' ? request.server.config.ruleViolationStatus : error.status;
  reply.code(status).header(REASON_HEADER, headerSafe(error.reason)).header(ERROR_CODE_HEADER, error.code);
  return shape(reply, error, status);
}

/**
 * Makes `shape` the error shape of the scope's routes; with `notFound`, also of its not-found
 * answers (a scope registered with a prefix: Fastify gives each prefix its own not-found handler,
 * so `GET /v2/nope` is answered by ESET's scope, `GET /nope` by the emulator's), marked as the
 * `api`'s traffic when given.
 */
export function useErrorShape(scope: FastifyInstance, shape: ErrorShape, { notFound = false, api }: { notFound?: boolean; api?: ApiRoutes } = {}): void {
  scope.setErrorHandler((error: FastifyError | ApiError, request, reply) => sendError(request, reply, toApiError(error, request), shape));
  if (!notFound) return;
  // The not-found answers of an API's prefix are that API's traffic too (journal, faults).
  scope.setNotFoundHandler({ config: api ? { api } : {} } as never, (request, reply) =>
    sendError(request, reply, new ApiError('NOT_FOUND', `no such resource: ${request.method} ${request.url.split('?', 1)[0]}`), shape),
  );
}

/** Remembers, on the raw request, the path the router could not read. */
const UNREADABLE_PATH = Symbol('unreadable path');
type RawRequest = IncomingMessage & { [UNREADABLE_PATH]?: string };

/**
 * Fastify's `rewriteUrl`: a path the router cannot decode (`/v2/incidents/%zz`, a broken UTF-8
 * escape) would be answered before any hook and any scope could say whose it is. Read with its
 * broken escapes as literal text, it reaches the route or not-found handler of its scope, which
 * answers 400 in its own shape (the first onRequest hook of that scope's chain, below).
 */
export function readableUrl(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  // Most paths have no escape at all: nothing to decode on the way of every request.
  if (!path.includes('%')) return url;
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    (raw as RawRequest)[UNREADABLE_PATH] = path;
    let readable = path.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
    try {
      decodeURIComponent(readable);
    } catch {
      readable = path.replaceAll('%', '%25');
    }
    return readable + (query === -1 ? '' : url.slice(query));
  }
}

/** onRequest: the 400 of a path readableUrl had to rewrite. */
export async function refuseUnreadablePath(request: FastifyRequest): Promise<void> {
  const path = (request.raw as RawRequest)[UNREADABLE_PATH];
  if (path !== undefined) throw new ApiError('INVALID_ARGUMENT', `the request path is not a valid URL: ${path}`);
}

/**
 * Fastify's `frameworkErrors`, for what still fails before routing (readableUrl leaves none that
 * this emulator knows of): the request-id, CORS headers and the emulator's error shape.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header(REQUEST_ID_HEADER, request.id);
  addCorsHeaders(request, reply);
  return sendError(request, reply, toApiError(error, request), emulatorShape);
}

export const errorHandlerPlugin = fp(
  async (app) => {
    useErrorShape(app, emulatorShape, { notFound: true });
  },
  { name: 'error-handler' },
);
