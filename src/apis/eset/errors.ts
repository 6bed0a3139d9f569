/** ESET answers errors with an empty body: the status says what, x-emulator-reason says why. */
import type { ErrorShape } from '../../errors.js';

export const esetErrorShape: ErrorShape = (reply) => reply.removeHeader('content-type').send();
