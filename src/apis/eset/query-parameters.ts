/**
 * What ESET's gateway does with a query string before the service sees it, for every ESET route:
 * - a parameter the route does not know is ignored — and named in `x-emulator-warning`, so that a
 *   typo such as `pagesize` does not go unnoticed;
 * - a known parameter repeated with one value counts once; repeated with different values, it is a
 *   400 (the gateway cannot know which one was meant);
 * - `pageSize` is a decimal integer of 0 or more, and anything above the maximum means the maximum
 *   (ESET: "values above 1000 will be coerced to 1000").
 * Runs as an onRequest hook, before the schema sees the query and before any fault is decided.
 */
import type { FastifyRequest, FastifyReply } from 'fastify';
import { invalidArgument } from '../../errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './list-incidents.js';

const WARNING_HEADER = 'x-emulator-warning';
const PAGE_SIZE_NAMES = new Set(['pageSize', 'page_size']);
const DECIMAL = /^\d+$/;
/** Names quoted in the warning: a hostile query string must not make the header unbounded. */
const MAX_WARNING_LENGTH = 512;

const NO_NAMES: ReadonlySet<string> = new Set();
/** Per querystring schema, computed once: this runs on every ESET request. */
const namesBySchema = new WeakMap<object, ReadonlySet<string>>();

/** The query names the matched route declares in its querystring schema. */
function declaredNames(request: FastifyRequest): ReadonlySet<string> {
  const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
  if (schema === undefined) return NO_NAMES;
  let names = namesBySchema.get(schema);
  if (names === undefined) {
    names = new Set(Object.keys(schema.properties ?? {}));
    namesBySchema.set(schema, names);
  }
  return names;
}

/** A name as it may appear in a header: percent-encoded (a lone surrogate, which cannot be, as U+FFFD). */
const headerSafeName = (name: string) => encodeURIComponent(name.replace(/\p{Surrogate}/gu, '\uFFFD'));

function warningFor(ignored: string[]): string {
  const names = ignored.map(headerSafeName).join(', ');
  const text = `ignored unknown query parameters: ${names}`;
  return text.length <= MAX_WARNING_LENGTH ? text : `${text.slice(0, MAX_WARNING_LENGTH - 3)}...`;
}

function singleValue(name: string, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const distinct = [...new Set(value.map(String))];
  if (distinct.length > 1) {
    throw invalidArgument(`query parameter ${name} is given ${value.length} times with different values (${distinct.slice(0, 5).map((v) => `'${v}'`).join(', ')}): send it once`);
  }
  return distinct[0];
}

function pageSizeValue(name: string, value: unknown): string {
  const text = String(value);
  // `pageSize=` is the proto3 default, like an unset one.
  if (text === '') return '0';
  if (!DECIMAL.test(text)) {
    throw invalidArgument(
      `${name} must be a decimal integer of 0 or more (0 or unset means ${DEFAULT_PAGE_SIZE}, above ${MAX_PAGE_SIZE} means ${MAX_PAGE_SIZE}), not '${text.slice(0, 40)}'`,
    );
  }
  // Compared as text too: twenty digits are above the maximum even where Number() would round.
  return text.length > String(MAX_PAGE_SIZE).length || Number(text) > MAX_PAGE_SIZE ? String(MAX_PAGE_SIZE) : text;
}

export async function normaliseEsetQuery(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = request.query as Record<string, unknown>;
  const declared = declaredNames(request);
  const names = Object.keys(query);
  const ignored = names.filter((name) => !declared.has(name));
  // Set first, so that the warning also explains a 400 caused by a misspelt name.
  if (ignored.length > 0) reply.header(WARNING_HEADER, warningFor(ignored));
  for (const name of names) {
    if (!declared.has(name)) continue;
    const value = singleValue(name, query[name]);
    query[name] = PAGE_SIZE_NAMES.has(name) ? pageSizeValue(name, value) : value;
  }
}
