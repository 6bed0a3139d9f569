/** Part 3 of the request fuzzing (request-fuzzer.ts), which four files share so that both test jobs send requests. */
import { fuzzRequests } from './request-fuzzer.js';

fuzzRequests(3);
