/**
 * Module hooks for TypeScript sources (see register.mjs): a relative `./x.js` import names
 * `./x.ts` when that is the file there (NodeNext style), and a .ts file is transpiled to an ES
 * module with an inline source map. Everything else goes to Node unchanged, except the packages
 * in prebundle.mjs, which resolve to one esbuild bundle of each instead of their hundreds of files.
 */
import { transform } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { prebundled } from './prebundle.mjs';

const TYPESCRIPT = /\.ts$/;
const RELATIVE_JS = /^\.{1,2}\/.*\.js$/;

/** Specifier → bundled module URL, filled once per process by initialize(). */
let bundled = new Map();

export async function initialize() {
  bundled = await prebundled();
}

export async function resolve(specifier, context, nextResolve) {
  const prebuilt = bundled.get(specifier);
  if (prebuilt) return { url: prebuilt, format: 'module', shortCircuit: true };
  if (RELATIVE_JS.test(specifier) && context.parentURL && TYPESCRIPT.test(context.parentURL)) {
    const source = new URL(`${specifier.slice(0, -'.js'.length)}.ts`, context.parentURL);
    if (existsSync(source)) return { url: source.href, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(url)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcemap: 'inline',
    // The map points at the .ts file, which coverage and stack traces read from disk: without a
    // copy of the source inside, each module's map is half the size to decode, and so is every
    // process's coverage file.
    sourcesContent: false,
    sourcefile: file,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
