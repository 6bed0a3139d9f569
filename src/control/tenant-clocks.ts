/**
 * A tenant's own clock. Every tenant follows the emulator clock until the control API moves its
 * clock alone (POST /_emulator/clock with its tenant); from then on, everything its requests do
 * — timestamps, token and page-token expiry, 202 and fault expiry, rate limits — reads that
 * clock. The tenant's clock is put in scope for its requests with AsyncLocalStorage, so the
 * code that reads app.clock needs no tenant.
 */
import fp from 'fastify-plugin';
import { AsyncLocalStorage } from 'node:async_hooks';
import { ControllableClock, inClockRange, type Clock } from '../clock.js';
import { DEFAULT_TENANT } from '../store/registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    tenantClocks: TenantClocks;
  }
}

class TenantClocks {
  private readonly clocks = new Map<string, ControllableClock>();
  private readonly scope = new AsyncLocalStorage<Clock>();

  constructor(private readonly base: ControllableClock) {
    base.setScope(() => this.scope.getStore());
  }

  /** The clock the control API changes for a tenant: the emulator clock for the default tenant. */
  forControl(tenant: string): ControllableClock {
    if (tenant === DEFAULT_TENANT) return this.base;
    let clock = this.clocks.get(tenant);
    if (!clock) {
      clock = new ControllableClock(() => this.base.ownNow());
      this.clocks.set(tenant, clock);
    }
    return clock;
  }

  /** The clock a tenant's requests read, and whether it is the tenant's own. */
  effective(tenant: string): { clock: ControllableClock; own: boolean } {
    const own = this.clocks.get(tenant);
    return own ? { clock: own, own: true } : { clock: this.base, own: false };
  }

  /** The tenant follows the emulator clock again. False when it had no clock of its own. */
  drop(tenant: string): boolean {
    return this.clocks.delete(tenant);
  }

  /**
   * The clocks that would leave CLOCK_RANGE if the tenant's clock (the emulator clock for the
   * default tenant) moved to `target`: that clock itself, and for the emulator clock every
   * running tenant clock, which follows it. The tenants whose clock would leave it; empty when safe.
   */
  outOfRange(tenant: string, target: number): string[] {
    const clock = tenant === DEFAULT_TENANT ? this.base : this.clocks.get(tenant);
    const delta = target - (clock ?? this.base).ownNow();
    const problems = inClockRange(target) ? [] : [tenant];
    if (tenant === DEFAULT_TENANT) {
      for (const [name, own] of this.clocks) {
        const moved = own.ownNow() + delta;
        if (own.running && !inClockRange(moved)) problems.push(name);
      }
    }
    return problems;
  }

  /** Runs `next` with the tenant's own clock (if any) in scope. */
  enter(tenant: string | undefined, next: () => void): void {
    const clock = tenant === undefined ? undefined : this.clocks.get(tenant);
    if (clock) this.scope.run(clock, next);
    else next();
  }
}

export const tenantClocksPlugin = fp(
  async (app) => {
    const clocks = new TenantClocks(app.clock);
    app.decorate('tenantClocks', clocks);
    // Entered again before validation: a request body arrives in the socket's async context.
    app.addHook('onRequest', (request, _reply, done) => clocks.enter(request.dataset?.tenant, done));
    app.addHook('preValidation', (request, _reply, done) => clocks.enter(request.dataset?.tenant, done));
  },
  { name: 'tenant-clocks', dependencies: ['tenant'] },
);
