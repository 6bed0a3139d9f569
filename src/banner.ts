/** What the emulator prints when it is up: where everything is, and how to get in. */
import type { FastifyInstance } from 'fastify';
import { CONSOLE_PATH } from './console/plugin.js';
import { documentPath, swaggerUiPath } from './openapi/docs.js';
import { loadAdversarialFixture, loadEsetFixture } from './store/seed.js';

export const DEFAULT_USER = { username: 'emulator@example.com', password: 'emulator' };
export const DEFAULT_SERVICE_ACCOUNT = { clientId: 'arm_sa_emulator', clientSecret: 'arm_sk_emulator' };

/** Which way the control API runs: always said, so nobody guesses. */
function controlAccess(app: FastifyInstance): string {
  return app.config.controlToken === ''
    ? '(open: no --control-token)'
    : '(needs "Authorization: Bearer <--control-token>"; health, ready open)';
}

function behaviour(app: FastifyInstance): string {
  const { profile, esetRateLimit, esetBurst, gatewayWaitMs, faults } = app.config;
  return [
    `profile ${profile}`,
    `ESET rate limit ${esetRateLimit > 0 ? `${esetRateLimit}/s` : 'off'}`,
    `ESET burst behaviour ${esetBurst ? 'on' : 'off'}`,
    `202 after ${gatewayWaitMs > 0 ? `${gatewayWaitMs} ms` : 'never (gateway wait off)'}`,
    `${app.faults.list().length} fault rule(s)${faults === '' ? '' : ' from --faults'}`,
  ].join(', ');
}

/**
 * The credentials of the fixture folder the emulator was started with (the store keeps only
 * hashes); the documented defaults come first.
 */
function credentials(app: FastifyInstance): string[] {
  const users = [...loadEsetFixture(app.config.fixtures).users].sort(
    (a, b) => Number(b.username === DEFAULT_USER.username) - Number(a.username === DEFAULT_USER.username),
  );
  const accounts = [...loadAdversarialFixture(app.config.fixtures).serviceAccounts].sort(
    (a, b) => Number(b.clientId === DEFAULT_SERVICE_ACCOUNT.clientId) - Number(a.clientId === DEFAULT_SERVICE_ACCOUNT.clientId),
  );
  return [
    '  ESET users (username / password, password grant):',
    ...users.map((user) => `    ${user.username} / ${user.password}`),
    '  Adversarial service accounts (client_id / client_secret, client_credentials grant):',
    ...accounts.map((account) => `    ${account.clientId} / ${account.clientSecret}   (${account.role})`),
  ];
}

export function startupBanner(app: FastifyInstance, address: string): string {
  const url = address.replace('://[::1]', '://localhost');
  const seeded = app.datasets.primary.meta.get('seeded_from') ?? 'unknown';
  return [
    `incident-emulator listening on ${url}`,
    `  web console          ${url}${CONSOLE_PATH}`,
    `  ESET Connect API     ${url}/v2/incidents   (token: POST ${url}/oauth/token)`,
    `  OpenAPI (ESET)       ${url}${documentPath('eset')}   Swagger UI ${url}${swaggerUiPath('eset')}`,
    `  Adversarial API      ${url}/api/v1/incidents   (token: POST ${url}/api/v1/oauth/token; also without /api)`,
    `  OpenAPI (Adv.)       ${url}${documentPath('adversarial')}   Swagger UI ${url}${swaggerUiPath('adversarial')}`,
    `  database             ${app.config.db}   (seeded from ${seeded})`,
    ...credentials(app),
    `  control API          ${url}/_emulator/   ${controlAccess(app)}   Swagger UI ${url}${swaggerUiPath('emulator')}`,
    `  behaviour            ${behaviour(app)}`,
  ].join('\n');
}
