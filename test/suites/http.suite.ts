import { runSuite } from './folders.js';

await runSuite('http');
