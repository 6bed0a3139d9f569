/**
 * The ordered fault rules and their run-time state (how often each matched and fired, its
 * seeded random generator). The first rule that matches a request and whose schedule fires
 * wins; rules after it are not consulted, so their counters do not move.
 */
import type { Clock } from '../clock.js';
import { DEFAULT_TENANT } from '../store/registry.js';
import { createRandom, type Random } from '../util/random.js';
import { formatTimestamp } from '../util/proto-time.js';
import { FaultRuleError, parseFaultRule, type FaultAction, type FaultRule } from './rules.js';

export interface FaultContext {
  api: string;
  method: string;
  route: string | undefined;
  operationId: string | undefined;
  tenant: string;
  headers: Record<string, string | string[] | undefined>;
}

interface RuleState {
  rule: FaultRule;
  matched: number;
  fired: number;
  random: Random;
}

export interface Decision {
  rule: FaultRule;
  action: FaultAction;
  random: Random;
}

const MAX_RULES = 1000;

export class FaultEngine {
  private states: RuleState[] = [];
  private nextId = 1;

  /** `apis`: the names of the emulated APIs, which rules may match on. */
  constructor(
    private readonly clock: Clock,
    private readonly defaultSeed: number,
    private readonly apis: readonly string[],
  ) {}

  /**
   * Replaces every rule, or with `tenant` only that tenant's (see ownedBy), keeping the others.
   * All are parsed before any is replaced. `rules` is a JSON array or {rules: [...]}.
   */
  replace(json: unknown, where = 'rules', tenant?: string): FaultRule[] {
    const list = Array.isArray(json) ? json : (json as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(list)) throw new FaultRuleError(`${where}: expected a JSON array of rules, or {"rules": [...]}`);
    const kept = tenant === undefined ? [] : this.states.filter((state) => !ownedBy(state.rule, tenant));
    if (kept.length + list.length > MAX_RULES) throw new FaultRuleError(`${where}: at most ${MAX_RULES} rules`);
    const rules = list.map((rule, index) => {
      const parsed = parseFaultRule(rule, `${where}[${index}]`, this.clock.now(), this.freshId(index), this.apis);
      if (tenant !== undefined) checkOwner(parsed, tenant, `${where}[${index}]`);
      return parsed;
    });
    const ids = new Set(kept.map((state) => state.rule.id));
    for (const rule of rules) {
      if (ids.has(rule.id)) throw new FaultRuleError(`${where}: two rules have the id '${rule.id}'`);
      ids.add(rule.id);
    }
    this.nextId += rules.length;
    this.states = [...kept, ...rules.map((rule) => this.stateOf(rule))];
    return rules;
  }

  /** Adds a rule at `position` (default: the end); with `tenant`, the rule must be that tenant's. */
  add(json: unknown, position?: number, tenant?: string): FaultRule {
    if (this.states.length >= MAX_RULES) throw new FaultRuleError(`rule: at most ${MAX_RULES} rules`);
    const rule = parseFaultRule(json, 'rule', this.clock.now(), this.freshId(0), this.apis);
    if (tenant !== undefined) checkOwner(rule, tenant, 'rule');
    if (this.states.some((state) => state.rule.id === rule.id)) throw new FaultRuleError(`rule.id '${rule.id}' is taken`);
    this.nextId++;
    const at = position === undefined ? this.states.length : Math.min(position, this.states.length);
    this.states.splice(at, 0, this.stateOf(rule));
    return rule;
  }

  /** Removes one rule; with `tenant`, only when it is that tenant's. */
  remove(id: string, tenant?: string): boolean {
    const before = this.states.length;
    this.states = this.states.filter((state) => state.rule.id !== id || (tenant !== undefined && !ownedBy(state.rule, tenant)));
    return this.states.length < before;
  }

  /** Removes every rule, or one tenant's only. Returns how many. */
  clear(tenant?: string): number {
    const before = this.states.length;
    this.states = tenant === undefined ? [] : this.states.filter((state) => !ownedBy(state.rule, tenant));
    return before - this.states.length;
  }

  list(tenant?: string) {
    return this.states
      .filter((state) => tenant === undefined || ownedBy(state.rule, tenant))
      .map(({ rule, matched, fired }) => {
        const { expiresAt, ...rest } = rule.schedule;
        const schedule: Omit<typeof rule.schedule, 'expiresAt'> & { until?: string } = rest;
        if (expiresAt !== undefined) schedule.until = formatTimestamp(expiresAt);
        return {
          id: rule.id,
          match: rule.match,
          action: rule.action,
          schedule,
          matched,
          fired,
        };
      });
  }

  decide(context: FaultContext): Decision | undefined {
    const now = this.clock.now();
    for (const state of this.states) {
      const { rule } = state;
      if (!matches(rule, context)) continue;
      const { schedule } = rule;
      if (schedule.expiresAt !== undefined && now >= schedule.expiresAt) continue;
      if (schedule.times !== undefined && state.fired >= schedule.times) continue;
      state.matched++;
      if (schedule.every !== undefined && state.matched % schedule.every !== 0) continue;
      // Drawn for every request that got this far, so the sequence depends only on the seed.
      if (schedule.probability !== undefined && !state.random.chance(schedule.probability)) continue;
      state.fired++;
      return { rule, action: rule.action, random: state.random };
    }
    return undefined;
  }

  private freshId(offset: number): string {
    return `rule-${this.nextId + offset}`;
  }

  private stateOf(rule: FaultRule): RuleState {
    return { rule, matched: 0, fired: 0, random: createRandom(rule.schedule.seed ?? `${this.defaultSeed}/${rule.id}`) };
  }
}

/**
 * The rules a tenant's control requests see and change: those matching that tenant only; for
 * the default tenant also the rules that match every tenant (set without a tenant, or --faults).
 */
function ownedBy(rule: FaultRule, tenant: string): boolean {
  const owner = rule.match.tenant;
  return owner === tenant || (owner === undefined && tenant === DEFAULT_TENANT);
}

function checkOwner(rule: FaultRule, tenant: string, where: string): void {
  if (rule.match.tenant !== undefined && rule.match.tenant !== tenant) {
    throw new FaultRuleError(`${where}.match.tenant: '${rule.match.tenant}' is another tenant than the one this request acts on ('${tenant}')`);
  }
}

function matches(rule: FaultRule, context: FaultContext): boolean {
  const { match } = rule;
  if (match.api !== undefined && match.api !== context.api) return false;
  if (match.method !== undefined && match.method !== context.method) return false;
  if (match.route !== undefined && match.route !== context.route) return false;
  if (match.operationId !== undefined && match.operationId !== context.operationId) return false;
  if (match.tenant !== undefined && match.tenant !== context.tenant) return false;
  if (match.header !== undefined) {
    const value = context.headers[match.header.name];
    if (value === undefined) return false;
    if (match.header.value !== undefined && (Array.isArray(value) ? value.join(', ') : value) !== match.header.value) return false;
  }
  return true;
}
