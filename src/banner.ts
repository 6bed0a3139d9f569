/** What the emulator prints when it is up: where everything is, and how to get in. */
import type { FastifyInstance } from 'fastify';
import { CONSOLE_PATH } from './console/plugin.js';
import { swaggerUiPath } from './openapi/docs.js';

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

/** Which APIs go on to real services: said loudly, since their answers are then not the emulator's. */
function upstreams(app: FastifyInstance): string[] {
  const { upstream, upstreamMode, upstreamAuth, recordTo } = app.config;
  const targets = [upstream.eset && `ESET → ${upstream.eset}`, upstream.adversarial && `Adversarial → ${upstream.adversarial}`].filter(Boolean);
  if (targets.length === 0) return [];
  const recording = upstreamMode === 'record' ? `, recording to ${recordTo}` : '';
  return [`  upstream             ${targets.join(', ')}   (${upstreamMode}, ${upstreamAuth} credentials${recording}; drift: /_emulator/drift)`];
}

export function startupBanner(app: FastifyInstance, address: string): string {
  const url = address.replace('://[::1]', '://localhost');
  const seeded = app.datasets.primary.meta.get('seeded_from') ?? 'unknown';
  return [
    `incident-emulator listening on ${url}`,
    `  web console          ${url}${CONSOLE_PATH}`,
    // Each API says where it is and how to get in (the credentials of the fixture folder it was
    // started with: the store keeps only hashes).
    ...app.services.flatMap((service) => service.banner(url, app.config)),
    `  database             ${app.config.db}   (seeded from ${seeded})`,
    `  control API          ${url}/_emulator/   ${controlAccess(app)}   Swagger UI ${url}${swaggerUiPath('emulator')}`,
    `  behaviour            ${behaviour(app)}`,
    ...upstreams(app),
  ].join('\n');
}
