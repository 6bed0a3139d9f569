/**
 * The responses every ESET operation documents: its 200 body, the 202 of the long-request
 * protocol, and the empty-bodied errors, each with the request-id header.
 */
const uuidHeader = (description: string) => ({ type: 'string', format: 'uuid', description });
const requestIdHeader = { 'request-id': uuidHeader('Identifier of this request, for support and logs.') };

const EMPTY_ERRORS: Record<number, string> = {
  400: 'Invalid argument, bad or missing authorization, or a broken business rule.',
  401: 'The access token is expired or unknown.',
  403: 'The caller may not do this.',
  404: 'No such resource.',
  429: 'Rate limit reached; try again later.',
  500: 'Internal failure; try again later.',
  502: 'Internal failure; try again later.',
  503: 'Under maintenance; try again later.',
  504: 'The request took too long.',
};

export function esetResponses(okSchemaId: string, okDescription: string) {
  const responses: Record<string, unknown> = {
    200: { description: okDescription, headers: requestIdHeader, $ref: `${okSchemaId}#` },
    202: {
      description: 'Not ready within the gateway wait: repeat the request with the response-id header.',
      headers: { 'response-id': uuidHeader('Send it back as the response-id request header.'), ...requestIdHeader },
      type: 'null',
    },
  };
  for (const [status, description] of Object.entries(EMPTY_ERRORS)) {
    responses[status] = { description, headers: requestIdHeader, type: 'null' };
  }
  return responses;
}
