/**
 * Fault rules at run time: list, replace all, add one, delete one or a tenant's. Rules are
 * validated by faults/rules.ts (the same parser as --faults), whose messages name the field.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { invalidArgument, notFound } from '../errors.js';
import { FaultRuleError, RULE_ID } from '../faults/rules.js';
import { DEFAULT_TENANT } from '../store/registry.js';
import { TenantField, TenantOnly, controlResponses, type TenantOnlyWire } from './schemas.js';
import { targetTenant } from './support.js';

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

/**
 * A rule sent for a tenant other than the default matches only that tenant unless it says so
 * itself; one sent for the default tenant without match.tenant matches every tenant.
 */
function scopedTo(tenant: string, rule: unknown): unknown {
  if (tenant === DEFAULT_TENANT || typeof rule !== 'object' || rule === null || Array.isArray(rule)) return rule;
  const match = (rule as { match?: unknown }).match ?? {};
  if (typeof match !== 'object' || match === null || 'tenant' in match) return rule;
  return { ...rule, match: { ...match, tenant } };
}

const TENANT_RULES =
  " A tenant's rules are those that match it only; the default tenant's also those that match every tenant.";

export async function faultRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['Faults'];
  const engine = app.faults;

  app.get<{ Querystring: TenantOnlyWire }>('/_emulator/faults', {
    schema: {
      operationId: 'listFaults',
      summary: "A tenant's fault rules in order, with how often each matched and fired",
      description: TENANT_RULES,
      tags,
      querystring: TenantOnly,
      response: controlResponses({ 200: RulesBody }),
    },
  }, async (request) => ({ rules: engine.list(targetTenant(request, request.query.tenant)) }));

  app.put<{ Body: unknown[] | { rules: unknown[] }; Querystring: TenantOnlyWire }>('/_emulator/faults', {
    schema: {
      operationId: 'replaceFaults',
      summary: "Replace a tenant's fault rules (their counters start again); other tenants' rules stay",
      description: `Takes what --faults takes: a bare array of rules, or {"rules": [...]}.${TENANT_RULES}`,
      tags,
      querystring: TenantOnly,
      body: ReplaceRulesBody,
      response: controlResponses({ 200: RulesBody }),
    },
  }, async (request) => {
    const tenant = targetTenant(request, request.query.tenant);
    const rules = Array.isArray(request.body) ? request.body : request.body.rules;
    withRuleErrors(() => engine.replace(rules.map((rule) => scopedTo(tenant, rule)), 'rules', tenant));
    return { rules: engine.list(tenant) };
  });

  app.post<{ Body: Record<string, unknown>; Querystring: { position?: number; tenant?: string } }>('/_emulator/faults', {
    schema: {
      operationId: 'addFault',
      summary: 'Add one fault rule (at the end, or at ?position=)',
      description:
        'Sent for a tenant other than the default, the rule matches only that tenant (match.tenant may name no other); ' +
        'sent for the default tenant without match.tenant, it matches every tenant.',
      tags,
      querystring: Type.Object(
        { position: Type.Optional(Type.Integer({ minimum: 0 })), tenant: Type.Optional(TenantField) },
        { additionalProperties: false },
      ),
      body: RuleBody,
      response: controlResponses({ 201: RuleBody }),
    },
  }, async (request, reply) => {
    const tenant = targetTenant(request, request.query.tenant);
    const rule = withRuleErrors(() => engine.add(scopedTo(tenant, request.body), request.query.position, tenant));
    return reply.code(201).send(engine.list().find((listed) => listed.id === rule.id));
  });

  app.delete<{ Querystring: TenantOnlyWire }>('/_emulator/faults', {
    schema: {
      operationId: 'clearFaults',
      summary: "Delete a tenant's fault rules",
      description: TENANT_RULES,
      tags,
      querystring: TenantOnly,
      response: controlResponses({ 200: Type.Object({ removed: Type.Integer() }) }),
    },
  }, async (request) => ({ removed: engine.clear(targetTenant(request, request.query.tenant)) }));

  app.delete<{ Params: { id: string }; Querystring: TenantOnlyWire }>('/_emulator/faults/:id', {
    schema: {
      operationId: 'deleteFault',
      summary: "Delete one of a tenant's fault rules",
      description: TENANT_RULES,
      tags,
      params: Type.Object({ id: Type.String({ pattern: RULE_ID.source }) }),
      querystring: TenantOnly,
      response: controlResponses({ 204: { description: 'Deleted.', type: 'null' } }, [400, 404]),
    },
  }, async (request, reply) => {
    const tenant = targetTenant(request, request.query.tenant);
    if (!engine.remove(request.params.id, tenant)) throw notFound(`tenant '${tenant}' has no fault rule '${request.params.id}'`);
    return reply.code(204).send();
  });
}
