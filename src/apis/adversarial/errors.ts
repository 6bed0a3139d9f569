/**
 * Adversarial's errors are its web framework's defaults: per-field problems as {errors: {...}},
 * else {error, description} with "Bad Request" (sic) for 400 and the snake_case reason phrase
 * otherwise ("not_found", "unauthorized").
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorShape } from '../../errors.js';

const errorName = (status: number): string =>
  status === 400 ? 'Bad Request' : (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/ /g, '_');

export const adversarialErrorShape: ErrorShape = (reply, error, status) =>
  reply.send(error.fields ? { errors: error.fields } : { error: errorName(status), description: error.reason });
