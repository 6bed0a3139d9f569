/**
 * The error catalogue: every error the emulator answers has a stable code here with its HTTP
 * status. Handlers throw ApiError; the error handler (plugins/error-handler.ts) renders it in the
 * error shape of the scope the route belongs to (each API sets its own).
 */
import type { FastifyReply } from 'fastify';
export const ERROR_CATALOGUE = {
  INVALID_ARGUMENT: { status: 400, summary: 'The request is invalid.' },
  UNAUTHENTICATED: { status: 401, summary: 'The access token is missing, expired or unknown.' },
  PERMISSION_DENIED: { status: 403, summary: 'The caller may not do this.' },
  // A broken business rule; answered with the configured --rule-violation-status (400 or 403).
  FAILED_PRECONDITION: { status: 400, summary: 'A business rule forbids this in the current state.' },
  NOT_FOUND: { status: 404, summary: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, summary: 'The resource does not support this method.' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The request body is too large.' },
  URI_TOO_LONG: { status: 414, summary: 'A path segment is too long.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The request body has an unsupported content type.' },
  RATE_LIMITED: { status: 429, summary: 'Too many requests.' },
  INTERNAL: { status: 500, summary: 'The emulator failed; this is a bug.' },
  BAD_GATEWAY: { status: 502, summary: 'The gateway got no valid answer from the service.' },
  UNAVAILABLE: { status: 503, summary: 'The service is unavailable.' },
  GATEWAY_TIMEOUT: { status: 504, summary: 'The request took too long.' },
  // Any other status a fault rule or the x-emulator-fault header asks for (InjectedFault, faults/plugin.ts).
  INJECTED_FAULT: { status: 500, summary: 'A fault injected on request; its status is the one asked for.' },
  // RFC 6749 §5.2 token endpoint errors; `oauthError` is the body's `error` value.
  OAUTH_INVALID_REQUEST: { status: 400, summary: 'Malformed token request.', oauthError: 'invalid_request' },
  OAUTH_INVALID_CLIENT: { status: 401, summary: 'Client authentication failed.', oauthError: 'invalid_client' },
  OAUTH_INVALID_GRANT: { status: 400, summary: 'The credentials or refresh token are invalid.', oauthError: 'invalid_grant' },
  OAUTH_UNSUPPORTED_GRANT_TYPE: { status: 400, summary: 'The grant type is not supported.', oauthError: 'unsupported_grant_type' },
} as const satisfies Record<string, { status: number; summary: string; oauthError?: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Renders an error's body in one API's shape (the status and the reason headers are set already). */
export type ErrorShape = (reply: FastifyReply, error: ApiError, status: number) => FastifyReply;

/** What was wrong with one request field, for the shapes whose bodies list fields (Adversarial). */
export interface FieldProblem {
  code: string;
  message: string;
}

/** Problems by field name (`title`, `threat_objectives[1].relevance`). */
export type FieldProblems = Record<string, FieldProblem[]>;

export class ApiError extends Error {
  readonly status: number;

  /**
   * `reason` is what a developer needs to know: what was wrong, and where. `fields`, when the
   * request body was at fault, says the same field by field.
   */
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    readonly fields?: FieldProblems,
  ) {
    super(reason);
    this.name = 'ApiError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

export const invalidArgument = (reason: string) => new ApiError('INVALID_ARGUMENT', reason);
/** A 400 about request body fields; the reason lists them all. */
export const invalidFields = (fields: FieldProblems) =>
  new ApiError(
    'INVALID_ARGUMENT',
    Object.entries(fields)
      .flatMap(([field, problems]) => problems.map((problem) => `${field}: ${problem.message}`))
      .join('; '),
    fields,
  );
export const notFound = (reason: string) => new ApiError('NOT_FOUND', reason);
export const unauthenticated = (reason: string) => new ApiError('UNAUTHENTICATED', reason);
export const ruleViolation = (reason: string) => new ApiError('FAILED_PRECONDITION', reason);
