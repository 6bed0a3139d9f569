/**
 * The build's last step (`npm run build`): builds the app once and records the standalone source
 * of every route validator and serializer into one module, which a start then loads instead of
 * compiling them (see plugins/compile-cache.ts); and seeds the bundled default fixtures once into
 * a database image, which a start with them opens instead of seeding (see store/seed-images.ts).
 *
 *   node dist/src/precompile.js [--out <file>] [--seed-images <folder>]
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { defaultConfig } from './config.js';
import { PRECOMPILED_FILE, startRecording, writeRecording } from './plugins/compile-cache.js';
import { DEFAULT_FIXTURES_DIR } from './paths.js';
import { IN_MEMORY } from './store/database.js';
import { SEED_IMAGE_DIR, seedImageName, writeSeedImage } from './store/seed-images.js';

const { values } = parseArgs({
  options: { out: { type: 'string', default: PRECOMPILED_FILE }, 'seed-images': { type: 'string', default: SEED_IMAGE_DIR } },
});
startRecording();
const app = await buildApp({ config: defaultConfig({ db: ':memory:', logLevel: 'silent' }) });
// Seeded now, never taken from an image of an earlier build: images are named by their inputs,
// not by the code that seeds them. Images of earlier fixture files or schemas go.
const source = { kind: 'fixtures' as const, dir: DEFAULT_FIXTURES_DIR };
const folder = values['seed-images']!;
if (existsSync(folder)) for (const old of readdirSync(folder)) if (/^seed-[0-9a-f]+\.sqlite-image$/.test(old)) rmSync(join(folder, old));
const seeded = app.layout.open('template', IN_MEMORY);
app.layout.seed(seeded, source);
const image = writeSeedImage(folder, seedImageName(app.layout.schema, source)!, seeded.db.serialize());
seeded.close();
await app.close();
// Recorded after the seed, whose fixture validators are recorded too.
const count = writeRecording(values.out);
// To stderr: the build runs inside `npm pack --json`, whose standard output must stay JSON.
console.error(`precompiled ${count} route validators and serializers into ${values.out}`);
console.error(`seeded the default fixtures into ${image}`);
