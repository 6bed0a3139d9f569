/** Talking to the Adversarial API in tests: tokens for the fixture's service accounts, requests with them. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEFAULT_ACCOUNT } from './oracle.js';

export interface Client {
  client_id: string;
  client_secret: string;
}

export function adversarialTokenRequest(app: FastifyInstance, form: Record<string, string>, options: { prefix?: string; headers?: Record<string, string> } = {}) {
  return app.inject({
    method: 'POST',
    url: `${options.prefix ?? '/api'}/v1/oauth/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    payload: new URLSearchParams(form).toString(),
  });
}

export async function adversarialTokens(app: FastifyInstance, client: Client = DEFAULT_ACCOUNT): Promise<{ access_token: string; refresh_token: string }> {
  const response = await adversarialTokenRequest(app, { grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret });
  if (response.statusCode !== 200) throw new Error(`token request failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

export const adversarialToken = async (app: FastifyInstance, client?: Client) => (await adversarialTokens(app, client)).access_token;

/** A request with a bearer token of the default service account (or `token`). */
export async function adversarialRequest(app: FastifyInstance, options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse> {
  const { token = await adversarialToken(app), ...rest } = options;
  return app.inject({ ...rest, headers: { authorization: `Bearer ${token}`, ...(rest.headers ?? {}) } });
}

/** Every incident, as GET /v1/incidents pages them (page_size 100), for before/after comparisons. */
export async function wholeRegister(app: FastifyInstance, token: string): Promise<string> {
  const pages: unknown[] = [];
  for (let page = 1; ; page++) {
    const response = await app.inject({ url: `/api/v1/incidents?page_size=100&page=${page}&order_by=id`, headers: { authorization: `Bearer ${token}` } });
    const body = response.json();
    pages.push(...body.incidents);
    if (!body.pagination.has_next) break;
  }
  const comments = [];
  for (const row of pages as Array<{ incident: { id: string } }>) {
    comments.push((await app.inject({ url: `/api/v1/incidents/${row.incident.id}/comments`, headers: { authorization: `Bearer ${token}` } })).body);
  }
  return JSON.stringify({ pages, comments });
}
