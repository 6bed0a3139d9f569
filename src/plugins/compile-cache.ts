/**
 * Compiling route schemas (ajv validators, fast-json-stringify serializers) is most of what
 * building the app costs. Two caches take it away:
 * - in process: a compiled function depends only on its schema, the shared schemas it may
 *   reference and the compiler's options, so each distinct one is compiled once and every app
 *   the process builds afterwards (a test file builds many) reuses it;
 * - across processes: `npm run build` records every function's standalone source in one module
 *   (PRECOMPILED_FILE) and a start loads from it instead of compiling — Fastify's documented
 *   way to a fast start. An entry is named by a hash of everything that decides its code, the
 *   compilers' versions included, so a stale entry is never used: it is simply not found, and
 *   the function is compiled as before. Entries are kept as text and made into functions when
 *   first called: most routes are not called by most runs, and reading all of them as code
 *   would cost a start ~25 ms. The file is an index line (name → where its source is) and the
 *   sources after it, read as bytes: only the sources called are ever decoded.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../paths.js';
import { ajvStandaloneCode } from '../util/schema-compilers.js';

export type RouteCompiler<Route, Compiled> = (route: Route) => Compiled;

export const PRECOMPILED_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'precompiled', 'schemas.txt');

const require = createRequire(import.meta.url);
const COMPILER_VERSIONS = ['ajv', 'ajv-formats', 'fast-json-stringify']
  .map((name) => `${name}@${(JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version}`)
  .join(',');

const caches = new Map<string, Map<string, unknown>>();

/**
 * The recorded entries: name → [start, end) of its source in `sources`, the source of a
 * CommonJS module whose export is the compiled function.
 */
type Precompiled = { index: Record<string, [number, number]>; sources: Buffer; require: NodeJS.Require };
let precompiled: Precompiled | undefined;
const NONE: Precompiled = { index: {}, sources: Buffer.alloc(0), require };
const stats = { loaded: 0, compiled: 0 };

/** How many functions this process loaded precompiled, and how many it compiled. */
export const compileStats = (): Readonly<typeof stats> => ({ ...stats });

/** Loads the precompiled module (PRECOMPILED_FILE unless told another); a missing one is no error. */
export function usePrecompiled(file = PRECOMPILED_FILE): void {
  precompiled = NONE;
  if (!existsSync(file)) return;
  try {
    const bytes = readFileSync(file);
    const endOfIndex = bytes.indexOf(0x0a);
    const index = JSON.parse(bytes.toString('utf8', 0, endOfIndex)) as Precompiled['index'];
    // Its entries require what the compiled code needs (ajv's runtime helpers) from beside it.
    precompiled = { index, sources: bytes.subarray(endOfIndex + 1), require: createRequire(file) };
  } catch {
    // A damaged file only costs the time it would have saved.
  }
}

type CompiledFunction = (input: unknown) => unknown;

/**
 * The function of a precompiled entry, made from its source on the first call: a validator's
 * `errors` are copied after each call, where Fastify reads them. An entry that does not evaluate
 * (a damaged file) is compiled from the route instead.
 */
function onFirstCall([start, end]: [number, number], from: Precompiled, compile: () => unknown): CompiledFunction {
  let loaded: (CompiledFunction & { errors?: unknown }) | undefined;
  const load = () => {
    try {
      const module = { exports: {} as unknown };
      const source = from.sources.toString('utf8', start, end);
      new Function('module', 'exports', 'require', source)(module, module.exports, from.require);
      if (typeof module.exports !== 'function') throw new Error('not a function');
      return module.exports as CompiledFunction;
    } catch {
      stats.compiled++;
      return compile() as CompiledFunction;
    }
  };
  const call = (input: unknown) => {
    loaded ??= load();
    const result = loaded(input);
    call.errors = loaded.errors;
    return result;
  };
  call.errors = undefined as unknown;
  return call;
}

/**
 * The precompiled module belongs to the built code: the TypeScript sources (tests, `npm run dev`)
 * compile their own, so that what they run is what they say — unless PRECOMPILED_ENV names a
 * module recorded from these very sources (the test suite's, made once before its many
 * processes start; entries are named by content, so one that no longer fits is never used).
 */
const RUNNING_BUILT = import.meta.url.endsWith('.js');
const PRECOMPILED_ENV = 'INCIDENT_EMULATOR_PRECOMPILED';

function loadPrecompiled(): Precompiled {
  if (precompiled === undefined) {
    const recorded = process.env[PRECOMPILED_ENV];
    if (RUNNING_BUILT) usePrecompiled();
    else if (recorded) usePrecompiled(resolve(recorded));
    else precompiled = NONE;
  }
  return precompiled!;
}

/** While recording (the build's precompile step): entry name → module source. */
let recording: Map<string, string> | undefined;

export function startRecording(): void {
  recording = new Map();
  precompiled = NONE;
}

/** Writes what was recorded: the index line, then the sources (see Precompiled); returns how many. */
export function writeRecording(file = PRECOMPILED_FILE): number {
  if (!recording) throw new Error('internal: nothing is being recorded');
  const index: Precompiled['index'] = {};
  const sources: Buffer[] = [];
  let at = 0;
  for (const [name, source] of recording) {
    const bytes = Buffer.from(`${source}\n`);
    index[name] = [at, at + bytes.length];
    sources.push(bytes);
    at += bytes.length;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), ...sources]));
  const count = recording.size;
  recording = undefined;
  return count;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

/**
 * The compiler of one schema set, with its compiled functions cached under `kind` + the shared
 * schemas + the options: `routeKey` names what in a route decides the result (its schema, and
 * for validators which part of the request it checks); `standalone` gives the same function's
 * module source, for recording.
 */
export function cachedCompiler<Route, Compiled>(
  kind: string,
  externals: unknown,
  options: unknown,
  routeKey: (route: Route) => string,
  compile: RouteCompiler<Route, Compiled>,
  standalone: (route: Route) => string,
): RouteCompiler<Route, Compiled> {
  const cacheKey = `${kind}\u0000${COMPILER_VERSIONS}\u0000${JSON.stringify(externals)}\u0000${JSON.stringify(options ?? null)}`;
  const setKey = hash(cacheKey);
  let cache = caches.get(cacheKey) as Map<string, Compiled> | undefined;
  if (!cache) {
    cache = new Map();
    caches.set(cacheKey, cache);
  }
  const compiled = cache;
  return (route) => {
    const key = routeKey(route);
    let fn = compiled.get(key);
    if (fn !== undefined) return fn;
    const name = `${kind}-${setKey}-${hash(key)}`;
    const from = loadPrecompiled();
    const stored = Object.hasOwn(from.index, name) ? from.index[name] : undefined;
    fn = stored !== undefined ? (onFirstCall(stored, from, () => compile(route)) as Compiled) : compile(route);
    stats[stored !== undefined ? 'loaded' : 'compiled']++;
    if (recording && !recording.has(name)) recording.set(name, standalone(route));
    compiled.set(key, fn);
    return fn;
  };
}

/**
 * A validator of one schema on a plain ajv instance (fixture files, not routes), cached and
 * precompiled like the route ones. `makeAjv(true)` must make the same instance able to give its
 * code's source.
 */
export function precompiledAjvValidator(name: string, options: object, makeAjv: (source: boolean) => Ajv, schema: object): ValidateFunction {
  let ajv: Ajv | undefined;
  const compile = cachedCompiler<object, ValidateFunction>(
    `ajv-${name}`,
    null,
    options,
    (route) => JSON.stringify(route),
    (route) => (ajv ??= makeAjv(false)).compile(route),
    (route) => {
      const recorder = makeAjv(true);
      return ajvStandaloneCode()(recorder, recorder.compile(route));
    },
  );
  return compile(schema);
}
