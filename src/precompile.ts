/**
 * The build's last step (`npm run build`): builds the app once and records the standalone source
 * of every route validator and serializer into one module, which a start then loads instead of
 * compiling them (see plugins/compile-cache.ts).
 *
 *   node dist/src/precompile.js [--out <file>]
 */
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { defaultConfig } from './config.js';
import { PRECOMPILED_FILE, startRecording, writeRecording } from './plugins/compile-cache.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: PRECOMPILED_FILE } } });
startRecording();
const app = await buildApp({ config: defaultConfig({ db: ':memory:', logLevel: 'silent' }) });
await app.close();
const count = writeRecording(values.out);
console.log(`precompiled ${count} route validators and serializers into ${values.out}`);
