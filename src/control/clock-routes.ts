/**
 * The emulator clock: read it, freeze it (now or at an instant), advance it, resume real time.
 * For the default tenant this is the clock of the whole emulator; for another tenant it is that
 * tenant's own clock (control/tenant-clocks.ts), created by its first change.
 */
import type { FastifyInstance } from 'fastify';
import { CLOCK_RANGE } from '../clock.js';
import { invalidArgument } from '../errors.js';
import { DEFAULT_TENANT } from '../store/registry.js';
import { DURATION_ACCEPTS, parseDurationMs } from '../util/duration.js';
import { formatTimestamp, parseTimestamp } from '../util/proto-time.js';
import { ClockBody, ClockRequest, TenantOnly, controlResponses, type ClockRequestWire, type TenantOnlyWire } from './schemas.js';
import { targetDataset } from './support.js';

const ACTIONS = ['freeze', 'advance', 'resume', 'reset'] as const;

export async function clockRoutes(app: FastifyInstance): Promise<void> {
  const clocks = app.tenantClocks;
  const state = (tenant: string) => {
    const { clock, own } = clocks.effective(tenant);
    const { now, frozen, offsetMs } = clock.state();
    return { tenant, own, now: formatTimestamp(now), nowMs: now, frozen, offsetMs };
  };
  const tags = ['Clock'];

  app.get<{ Querystring: TenantOnlyWire }>('/_emulator/clock', {
    schema: { operationId: 'getClock', summary: "Read a tenant's clock", tags, querystring: TenantOnly, response: controlResponses({ 200: ClockBody }) },
  }, async (request) => state((await targetDataset(request, request.query.tenant)).tenant));

  app.post<{ Body: ClockRequestWire }>('/_emulator/clock', {
    schema: {
      operationId: 'setClock',
      summary: 'Freeze, advance, resume or reset a clock',
      description:
        '{"freeze": true} stops the clock at the current instant, {"freeze": "2026-01-01T00:00:00Z"} at that instant; ' +
        '{"advance": "90s"} moves it forward (frozen or running); {"resume": true} runs it again from where it stands; ' +
        '{"reset": true} gives a tenant back the emulator clock, or the emulator clock back real time. Without a tenant ' +
        '(field or x-emulator-tenant header) this is the clock of the whole emulator, which every tenant without a ' +
        'clock of its own follows; with one, that tenant\'s own clock.',
      tags,
      body: ClockRequest,
      response: controlResponses({ 200: ClockBody }),
    },
  }, async (request) => {
    const { tenant: _named, ...actions } = request.body;
    const given = ACTIONS.filter((action) => actions[action] !== undefined);
    if (given.length !== 1) throw invalidArgument(`send exactly one of ${ACTIONS.join(', ')}`);
    const tenant = (await targetDataset(request, request.body.tenant)).tenant;
    const { freeze, advance, reset } = actions;
    if (reset) {
      if (tenant !== DEFAULT_TENANT) clocks.drop(tenant);
      else {
        app.clock.resume();
        app.clock.advance(-app.clock.state().offsetMs);
      }
      return state(tenant);
    }
    // Everything is checked before the tenant gets a clock of its own.
    let freezeAt: number | undefined;
    if (freeze !== undefined && freeze !== true) {
      freezeAt = freeze === false ? undefined : parseTimestamp(freeze);
      if (freeze === false) throw invalidArgument('freeze: send true or an RFC 3339 time (use {"resume": true} to run the clock)');
      if (freezeAt === undefined) throw invalidArgument(`freeze: '${freeze}' is not an RFC 3339 time such as 2026-01-01T00:00:00Z`);
    }
    const advanceMs = advance === undefined ? undefined : parseDurationMs(advance);
    if (advance !== undefined && advanceMs === undefined) {
      throw invalidArgument(`advance: '${advance}' is not a duration: expected ${DURATION_ACCEPTS}`);
    }
    const current = clocks.effective(tenant).clock.ownNow();
    const target = freezeAt ?? (advanceMs === undefined ? current : current + advanceMs);
    const outside = clocks.outOfRange(tenant, target);
    if (outside.length > 0) {
      throw invalidArgument(
        `${freeze !== undefined ? 'freeze' : 'advance'}: the clock must stay between ${formatTimestamp(CLOCK_RANGE.min)} and ` +
          `${formatTimestamp(CLOCK_RANGE.max)}; this would take the clock of tenant ${outside.map((name) => `'${name}'`).join(', ')} outside`,
      );
    }
    const clock = clocks.forControl(tenant);
    if (freeze !== undefined) clock.freeze(freezeAt);
    else if (advanceMs !== undefined) clock.advance(advanceMs);
    else clock.resume();
    return state(tenant);
  });
}
