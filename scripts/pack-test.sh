#!/usr/bin/env bash
# npm run test:pack — the npm package, verified as a user gets it: npm pack (its prepack builds
# from clean) → what the tarball holds → installed into a new, empty project outside this tree
# (dependencies from the registry; the native SQLite binding compiles there) → the command line
# (--version, --help, a server on a free port answering /_emulator/ready) → `import` from ESM →
# TypeScript resolving the types of both entry points → incident-emulator/testcontainers loading.
# Everything it starts it stops, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

log() { printf '[test:pack] %s\n' "$*"; }
fail() { printf '[test:pack] FAILED: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d /tmp/incident-emulator-pack.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -- "-$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. The tarball, and what is in it.
npm pack --json --pack-destination "$WORK" >"$WORK/pack.json" 2>"$WORK/pack.log" \
  || { cat "$WORK/pack.log" >&2; fail "npm pack"; }
TARBALL="$WORK/$(node -p 'require(process.argv[1])[0].filename' "$WORK/pack.json")"
node - "$WORK/pack.json" <<'EOF'
const [pack] = require(process.argv[2]);
const paths = pack.files.map((file) => file.path);
const required = [
  'package.json', 'README.md', 'dist/src/server.js', 'dist/src/index.js', 'dist/src/index.d.ts',
  'dist/src/testcontainers.js', 'dist/src/testcontainers.d.ts', 'fixtures/default/eset.json',
  'fixtures/default/adversarial.json', 'openapi/eset.json', 'openapi/eset.yaml',
];
const missing = required.filter((path) => !paths.includes(path));
// The default fixtures seeded at build time (named by what they were made from).
if (!paths.some((path) => /^dist\/src\/precompiled\/seed-[0-9a-f]+\.sqlite-image$/.test(path))) missing.push('dist/src/precompiled/seed-*.sqlite-image');
// What package.json "files" lists ships; none of it may be development matter: tests,
// benchmarks, scripts, TypeScript sources (declarations are fine), source maps, build state.
const forbidden = [
  /(^|\/)(test|tests|bench|coverage|\.tap|scripts)\//,
  /(?<!\.d)\.ts$/,
  /\.map$/,
  /\.tsbuildinfo$/,
  /\.sqlite(-wal|-shm)?$/,
];
const unexpected = paths.filter((path) => forbidden.some((pattern) => pattern.test(path)));
if (missing.length > 0 || unexpected.length > 0) {
  console.error(`missing: ${missing.join(', ') || 'none'}\nunexpected: ${unexpected.join(', ') || 'none'}`);
  process.exit(1);
}
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`[test:pack] ${pack.filename}: ${kB(pack.size)} packed, ${kB(pack.unpackedSize)} unpacked, ${pack.entryCount} files`);
EOF

# 2. A new project that knows nothing of this tree installs the tarball, as a user would.
CONSUMER="$WORK/consumer"
mkdir -p "$CONSUMER"
cat >"$CONSUMER/package.json" <<'EOF'
{ "name": "incident-emulator-pack-check", "version": "1.0.0", "private": true, "type": "module" }
EOF
log "npm install $(basename "$TARBALL") into a new project (compiles the native SQLite binding)"
started=$(date +%s)
(cd "$CONSUMER" && npm install --no-audit --no-fund "$TARBALL" >"$WORK/install.log" 2>&1) \
  || { tail -30 "$WORK/install.log" >&2; fail "npm install of the tarball"; }
log "installed in $(( $(date +%s) - started )) s; the package takes $(du -sh "$CONSUMER/node_modules/incident-emulator" | cut -f1) there"
# The tools of the checks below, at the versions this project develops with; none of their
# install scripts is needed for that.
dev_version() { node -p "require('$ROOT/package.json').devDependencies['$1']"; }
(cd "$CONSUMER" && npm install --no-audit --no-fund --ignore-scripts --save-dev \
  "typescript@$(dev_version typescript)" "@types/node@$(dev_version @types/node)" \
  "testcontainers@$(dev_version testcontainers)" >>"$WORK/install.log" 2>&1) \
  || { tail -30 "$WORK/install.log" >&2; fail "npm install of typescript, @types/node, testcontainers"; }
cd "$CONSUMER"

# 3. The command line, through the bin link the install made (so npx cannot fetch anything else).
[ -L node_modules/.bin/incident-emulator ] || fail "the install made no node_modules/.bin/incident-emulator"
VERSION="$(node -p "require('$ROOT/package.json').version")"
[ "$(npx incident-emulator --version)" = "$VERSION" ] || fail "npx incident-emulator --version is not $VERSION"
npx incident-emulator --help >"$WORK/help.txt" || fail "npx incident-emulator --help exited non-zero"
grep -q -- '--port' "$WORK/help.txt" || fail "--help does not list --port"
log "npx incident-emulator --version ($VERSION) and --help work"

setsid npx incident-emulator --port 0 --db :memory: >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
URL=""
for _ in $(seq 1 150); do
  URL="$(grep -o -m1 'listening on http://[^ ]*' "$WORK/server.log" | cut -d' ' -f3 || true)"
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
[ -n "$URL" ] || { cat "$WORK/server.log" >&2; fail "npx incident-emulator --port 0 --db :memory: did not start"; }
READY="$(node -e 'fetch(process.argv[1]).then(async (r) => console.log(r.status, await r.text()))' "$URL/_emulator/ready")"
case "$READY" in '200 {"status":"ready"'*) ;; *) fail "GET $URL/_emulator/ready answered: $READY" ;; esac
kill -- "-$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
log "npx incident-emulator --port 0 --db :memory: answered /_emulator/ready on $URL"

# 4. ESM: startEmulator, a token, a page of incidents; the other entry point loads.
cat >esm-check.mjs <<'EOF'
import { startEmulator } from 'incident-emulator';
const emulator = await startEmulator();
const token = await emulator.esetToken();
const response = await fetch(`${emulator.url}/v2/incidents?pageSize=3`, { headers: { authorization: `Bearer ${token}` } });
const { incidents } = await response.json();
await emulator.close();
if (response.status !== 200 || incidents.length !== 3) throw new Error(`list answered ${response.status} with ${incidents?.length} incidents`);
const { IncidentEmulatorContainer, StartedIncidentEmulatorContainer } = await import('incident-emulator/testcontainers');
if (typeof IncidentEmulatorContainer !== 'function' || typeof StartedIncidentEmulatorContainer !== 'function') {
  throw new Error('incident-emulator/testcontainers does not export its container classes');
}
console.log(`[test:pack] ESM: startEmulator() served 3 incidents; incident-emulator/testcontainers resolves to ${import.meta.resolve('incident-emulator/testcontainers')}`);
EOF
node esm-check.mjs || fail "the ESM check"

# 5. TypeScript: both entry points' types resolve and are checked (a wrong use must not compile).
cat >tsconfig.json <<'EOF'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true,
  "noEmit": true, "types": ["node"], "skipLibCheck": false }, "files": ["types-check.ts"] }
EOF
cat >types-check.ts <<'EOF'
import { startEmulator, type EmulatorClient, type RunningEmulator } from 'incident-emulator';
import { IncidentEmulatorContainer, type StartedIncidentEmulatorContainer } from 'incident-emulator/testcontainers';

const emulator: RunningEmulator = await startEmulator({ generate: 10, seed: 7, frozenAt: '2026-01-01T00:00:00Z' });
const port: number = emulator.port;
const token: string = await emulator.esetToken();
await emulator.control.faults.add({ match: { api: 'eset' }, action: { status: 503 }, schedule: { times: 1 } });
// @ts-expect-error generate is a number
await startEmulator({ generate: 'many' });

const container = new IncidentEmulatorContainer('incident-emulator:latest').withGenerate(100, 7).withProfile('realistic');
// @ts-expect-error there is no such profile
container.withProfile('fast');
async function use(started: StartedIncidentEmulatorContainer): Promise<EmulatorClient> {
  const base: string = started.getAdversarialBaseUrl();
  await started.tenant('worker-1').reset();
  return base === '' ? emulator : started;
}
export { port, token, use };
EOF
npx tsc -p tsconfig.json || fail "TypeScript could not check a use of both entry points"
log "TypeScript resolves and checks the types of incident-emulator and incident-emulator/testcontainers"
log "ok"
