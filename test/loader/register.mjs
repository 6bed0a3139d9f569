/**
 * The TypeScript loader of the test suite (tap's `node-arg`; test processes hand it on to their
 * children through process.execArgv): `node --import=./test/loader/register.mjs file.ts`.
 *
 * Each file is transpiled by esbuild, about a hundred times faster than ts-node's compiler. Unlike
 * tsx it keeps the code's line structure and an inline source map, so the runner's V8 coverage
 * maps back onto the .ts lines (tsx's whitespace-minified output reports every line covered).
 * Type checking is `npm run typecheck`'s job, as before.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
