/** Calling the control API from tests. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export function control(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method, url: `/_emulator/${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** The JSON body of a response that must have `status`. */
export function expectJson<T = Record<string, unknown>>(response: LightMyRequestResponse, status = 200): T {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response.json() as T;
}
