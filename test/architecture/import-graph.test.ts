/**
 * The shape of the code, checked: each API under src/apis/<api>/ is self-contained (nothing
 * outside it imports its files but the one list of services, src/apis/index.ts, and no API
 * imports another), and no folders import each other in a cycle (a file at the top of src/ counts
 * as a folder of its own).
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

const SRC = join(PACKAGE_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

/** Each file's relative imports, as paths under src/ (".js" read as the ".ts" it is built from). */
const imports = new Map<string, string[]>();
for (const file of sourceFiles(SRC)) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(IMPORT)].map((match) => relative(SRC, resolve(dirname(file), (match[1] ?? match[2])!)).replace(/\.js$/, '.ts'));
  imports.set(relative(SRC, file), targets);
}

/** The folder a file counts in: src/apis/<api>/, its own folder, or itself at the top of src/. */
function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'apis' && parts.length > 2) return `apis/${parts[1]}`;
  return parts.length === 1 ? file : parts.slice(0, -1).join('/');
}

const apiOf = (file: string) => (file.startsWith('apis/') && file.split('/').length > 2 ? file.split('/')[1] : undefined);

t.test('the import graph was read', async (t) => {
  t.ok(imports.size > 50, `${imports.size} files`);
  t.ok((imports.get('app.ts') ?? []).includes('apis/index.ts'), 'app.ts registers the services');
});

t.test("an API's files are imported only from inside it, and by the list of services", async (t) => {
  const strays: string[] = [];
  for (const [file, targets] of imports) {
    for (const target of targets) {
      const api = apiOf(target);
      if (api === undefined || apiOf(file) === api || file === 'apis/index.ts') continue;
      strays.push(`${file} imports ${target}`);
    }
  }
  t.same(strays, [], 'no import into an API from outside it');
  const listUsers = [...imports].filter(([, targets]) => targets.includes('apis/index.ts')).map(([file]) => file);
  t.same(listUsers, ['app.ts'], 'only buildApp reads the list of services');
});

t.test('no two folders import each other, directly or around a cycle', async (t) => {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of imports) {
    const from = unitOf(file);
    for (const target of targets) {
      const to = unitOf(target);
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  // Tarjan's strongly connected components: a component of more than one unit is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (unit: string): void => {
    index.set(unit, next);
    low.set(unit, next++);
    stack.push(unit);
    onStack.add(unit);
    for (const to of edges.get(unit) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(unit, Math.min(low.get(unit)!, index.get(to)!));
      }
    }
    if (low.get(unit) === index.get(unit)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== unit);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const unit of edges.keys()) if (!index.has(unit)) visit(unit);
  t.same(cycles, [], 'no folder-level cycles');
});
