/**
 * Compiling route schemas (ajv validators, fast-json-stringify serializers) is most of what
 * building the app costs. A compiled function depends only on its schema and the shared schemas
 * it may reference, so one process compiles each distinct schema once and every app it builds
 * afterwards — a test file builds many, `startEmulator()` may too — reuses it. The caches are
 * bounded by the schemas in the code: keys are the schemas' own JSON text.
 */
export type RouteCompiler<Route, Compiled> = (route: Route) => Compiled;

const caches = new Map<string, Map<string, unknown>>();

/**
 * The compiler of one schema set, with its compiled functions cached process-wide under
 * `kind` + the shared schemas + the options: `routeKey` names what in a route decides the
 * result (its schema, and for validators which part of the request it checks).
 */
export function cachedCompiler<Route, Compiled>(
  kind: string,
  externals: unknown,
  options: unknown,
  routeKey: (route: Route) => string,
  compile: RouteCompiler<Route, Compiled>,
): RouteCompiler<Route, Compiled> {
  const cacheKey = `${kind}\u0000${JSON.stringify(externals)}\u0000${JSON.stringify(options ?? null)}`;
  let cache = caches.get(cacheKey) as Map<string, Compiled> | undefined;
  if (!cache) {
    cache = new Map();
    caches.set(cacheKey, cache);
  }
  const compiled = cache;
  return (route) => {
    const key = routeKey(route);
    let fn = compiled.get(key);
    if (fn === undefined) {
      fn = compile(route);
      compiled.set(key, fn);
    }
    return fn;
  };
}
