/**
 * The responses each Adversarial operation documents: its success body and the error bodies of
 * the API's web framework, each with the emulator's request-id header.
 */
import { INFERRED } from './schemas.js';

const headers = { 'request-id': { type: 'string', format: 'uuid', description: 'Identifier of this request, for logs.' } };
const errorBody = { $ref: 'Error#' };

export interface ResponseOptions {
  /** The operation reads a JSON body: its 400 may list problems by field. */
  body?: boolean;
  /** Incident routes: a role without incident rights gets a 403. */
  incidentRights?: boolean;
  /** The operation names incidents: a 404 when one does not exist. */
  notFound?: boolean;
}

export function adversarialResponses(status: number, description: string, schemaId: string | null, options: ResponseOptions = {}) {
  const responses: Record<string, unknown> = {
    [status]: schemaId === null ? { description, headers, type: 'null' } : { description, headers, $ref: `${schemaId}#` },
    400: options.body
      ? { description: 'Bad Request; a body that breaks a field rule is answered with the problems by field.', headers, anyOf: [errorBody, { $ref: 'ValidationErrors#' }] }
      : { description: 'Bad Request: a query parameter or header is invalid.', headers, ...errorBody },
    401: { description: 'unauthorized: the access token is missing, unknown or expired.', headers, ...errorBody },
  };
  if (options.incidentRights) responses[403] = { description: 'forbidden: "Insufficient permissions" (the role has no incident rights).', headers, ...errorBody };
  if (options.notFound) responses[404] = { description: 'not_found: "Incident not found".', headers, ...errorBody };
  if (options.body) responses[415] = { description: 'The body is not JSON.', headers, ...errorBody, ...INFERRED };
  return responses;
}
