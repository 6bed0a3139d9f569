/** Token endpoints answer errors in RFC 6749's shape (§5.2), whichever API they belong to. */
import { ERROR_CATALOGUE, type ErrorShape } from '../errors.js';

export const oauthErrorShape: ErrorShape = (reply, error, status) => {
  const entry = ERROR_CATALOGUE[error.code];
  const oauthError = 'oauthError' in entry ? entry.oauthError : status >= 500 ? 'server_error' : 'invalid_request';
  return reply.header('cache-control', 'no-store').send({ error: oauthError, error_description: error.reason });
};
