/**
 * Fault rules at run time: list, replace all, add one, delete one or a tenant's. Rules are
 * validated by faults/rules.ts (the same parser as --faults), whose messages name the field.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { invalidArgument, notFound } from '../errors.js';
import { FaultRuleError, RULE_ID } from '../faults/rules.js';
import { TENANT_HEADER } from '../plugins/tenant.js';
import { TenantOnly, controlResponses, type TenantOnlyWire } from './schemas.js';

const RULE_DESCRIPTION =
  'A fault rule: {"id"?: string, "match"?: {api: eset|adversarial, method, route (e.g. /v2/incidents/:incidentUuid), ' +
  'operationId, tenant, header: {name, value?}}, "action": {status: 400-599, retryAfter: seconds, latency: duration or ' +
  '{min, max}, pending: duration (ESET 202), drop: true}, "schedule"?: {times, every, probability (0-1), seed, until: ' +
  'RFC 3339, for: duration}}. Durations: 1500, "1500ms", "90s", "15m", "2h".';

const RuleBody = Type.Object({}, { additionalProperties: true, description: RULE_DESCRIPTION });
const RulesBody = Type.Object({ rules: Type.Array(RuleBody) }, { description: 'The rules, first match wins.' });
/** What PUT takes: the same as --faults, a bare array of rules or {"rules": [...]}. */
const ReplaceRulesBody = Type.Union([Type.Array(RuleBody, { description: 'The rules, first match wins.' }), RulesBody], {
  description: 'The rules, first match wins: a bare array (as in --faults) or {"rules": [...]}.',
});

function withRuleErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof FaultRuleError) throw invalidArgument(error.message);
    throw error;
  }
}

/** A rule added with an x-emulator-tenant header applies to that tenant unless it says otherwise. */
function scopedToHeaderTenant(request: FastifyRequest, rule: unknown): unknown {
  const tenant = request.headers[TENANT_HEADER];
  if (typeof tenant !== 'string' || typeof rule !== 'object' || rule === null || Array.isArray(rule)) return rule;
  const match = (rule as { match?: unknown }).match ?? {};
  if (typeof match !== 'object' || match === null || 'tenant' in match) return rule;
  return { ...rule, match: { ...match, tenant } };
}

export async function faultRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Faults'];
  const engine = app.faults;

  app.get<{ Querystring: TenantOnlyWire }>('/_emulator/faults', {
    schema: {
      operationId: 'listFaults',
      summary: 'The fault rules in order, with how often each matched and fired',
      tags,
      querystring: TenantOnly,
      response: controlResponses({ 200: RulesBody }),
    },
  }, async (request) => ({ rules: engine.list(request.query.tenant) }));

  app.put<{ Body: unknown[] | { rules: unknown[] } }>('/_emulator/faults', {
    schema: {
      operationId: 'replaceFaults',
      summary: 'Replace every fault rule (counters start again)',
      description: 'Takes what --faults takes: a bare array of rules, or {"rules": [...]}.',
      tags,
      body: ReplaceRulesBody,
      response: controlResponses({ 200: RulesBody }),
    },
  }, async (request) => {
    withRuleErrors(() => engine.replace(request.body));
    return { rules: engine.list() };
  });

  app.post<{ Body: Record<string, unknown>; Querystring: { position?: number } }>('/_emulator/faults', {
    schema: {
      operationId: 'addFault',
      summary: 'Add one fault rule (at the end, or at ?position=)',
      description: 'Sent with an x-emulator-tenant header, the rule matches only that tenant unless match.tenant says otherwise.',
      tags,
      querystring: Type.Object({ position: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
      body: RuleBody,
      response: controlResponses({ 201: RuleBody }),
    },
  }, async (request, reply) => {
    const rule = withRuleErrors(() => engine.add(scopedToHeaderTenant(request, request.body), request.query.position));
    return reply.code(201).send(engine.list().find((listed) => listed.id === rule.id));
  });

  app.delete<{ Querystring: TenantOnlyWire }>('/_emulator/faults', {
    schema: {
      operationId: 'clearFaults',
      summary: 'Delete every fault rule, or those of one tenant (?tenant=)',
      tags,
      querystring: TenantOnly,
      response: controlResponses({ 200: Type.Object({ removed: Type.Integer() }) }),
    },
  }, async (request) => ({ removed: engine.clear(request.query.tenant) }));

  app.delete<{ Params: { id: string } }>('/_emulator/faults/:id', {
    schema: {
      operationId: 'deleteFault',
      summary: 'Delete one fault rule',
      tags,
      params: Type.Object({ id: Type.String({ pattern: RULE_ID.source }) }),
      response: controlResponses({ 204: { description: 'Deleted.', type: 'null' } }, [400, 404]),
    },
  }, async (request, reply) => {
    if (!engine.remove(request.params.id)) throw notFound(`no fault rule '${request.params.id}'`);
    return reply.code(204).send();
  });
}
