/**
 * Request bodies as real clients send them. Many send `Content-Type: application/json` on every
 * request, DELETEs and body-less POSTs included: an empty body is no body, whatever its type, and
 * on a route whose body is optional it means `{}`.
 *
 * A body that cannot be read — malformed JSON, or a content type that no route takes — is not
 * answered while parsing: it is kept as an UnreadableBody and raised by a hook that runs after the
 * fault hook, so that a fault header or rule applies to such a request like to any other. The
 * error handler then gives it the shape of the API the route belongs to.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { ApiError, invalidArgument } from '../errors.js';

const JSON_TYPE = 'application/json';
/** The structured `+json` types (application/merge-patch+json, …). */
const STRUCTURED_JSON_TYPES = /^application\/[\w.-]+\+json$/i;

class UnreadableBody {
  constructor(readonly error: ApiError) {}
}

/** Requests whose body was empty on a route that takes one: their validation errors say so. */
const emptyBodies = new WeakSet<FastifyRequest>();

export function hadEmptyBody(request: FastifyRequest): boolean {
  return emptyBodies.has(request);
}

const isBlank = (text: string) => text.trim() === '';

/** "at line 2, column 7 (position 12)": where a JSON text broke, as a developer looks for it. */
function locate(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `at line ${line}, column ${column} (position ${position})`;
}

function describeJsonError(text: string, error: Error): string {
  const message = error.message.replace(/ in JSON at position \d+.*$/, '');
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position !== undefined) return `the request body is not valid JSON: ${message} ${locate(text, Number(position))}`;
  if (/end of JSON input/.test(error.message)) return `the request body is not valid JSON: it ends too early, ${locate(text, text.length)}`;
  if (/prototype property/.test(error.message)) return 'the request body may not contain "__proto__" or "constructor.prototype" keys';
  return `the request body is not valid JSON: ${message}`;
}

function parseJson(text: string): unknown {
  if (isBlank(text)) return undefined;
  try {
    // Fastify's own parser, with its protection against prototype poisoning.
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    return new UnreadableBody(invalidArgument(describeJsonError(text, error as Error)));
  }
}

function otherContent(request: FastifyRequest, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const type = String(request.headers['content-type'] ?? '').split(';', 1)[0]!.trim() || 'none';
  return new UnreadableBody(new ApiError('UNSUPPORTED_MEDIA_TYPE', `a request body of type '${type}' is not accepted: send application/json`));
}

/** The parsers, for this scope and every scope registered after it. */
function registerParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  for (const type of [JSON_TYPE, STRUCTURED_JSON_TYPES]) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, parseJson(body as string)));
  }
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => done(null, otherContent(request, body as Buffer)));
}

export const requestBodyPlugin = fp(
  async (app) => {
    registerParsers(app);
    // Registered after the fault hook (see app.ts): a fault is decided before the body is judged.
    app.addHook('preValidation', async (request) => {
      if (request.body instanceof UnreadableBody) throw request.body.error;
      // Only where JSON is taken: the token endpoints take forms, and no form is no form (a 415).
      if (request.body === undefined && request.routeOptions.schema?.body !== undefined && request.server.hasContentTypeParser(JSON_TYPE)) {
        emptyBodies.add(request);
        request.body = {};
      }
    });
  },
  { name: 'request-body', dependencies: ['faults'] },
);
