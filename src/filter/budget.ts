/** Holding the in-process stage of one request to its budget (limits.ts RESIDUAL_BUDGET). */
import { RESIDUAL_BUDGET } from './limits.js';

export interface BudgetLimits {
  rows: number;
  ms: number;
}

/** The in-process stage examined more rows, or took longer, than a request may. */
export class FilterBudgetExceeded extends Error {
  override name = 'FilterBudgetExceeded';
}

/** The clock is read every this many rows: often enough to stop within a few milliseconds. */
const CLOCK_EVERY = 64;

export class ResidualBudget {
  private rows = 0;
  private readonly started = performance.now();

  constructor(readonly limits: BudgetLimits = RESIDUAL_BUDGET) {}

  /** Counts one examined row; throws when the budget is spent. */
  spend(): void {
    this.rows++;
    if (this.rows > this.limits.rows) {
      throw new FilterBudgetExceeded(`the part of the filter evaluated in process examined more than ${this.limits.rows} rows`);
    }
    if (this.rows % CLOCK_EVERY === 0 && performance.now() - this.started > this.limits.ms) {
      throw new FilterBudgetExceeded(
        `the part of the filter evaluated in process took longer than ${this.limits.ms} ms (${this.rows} rows examined)`,
      );
    }
  }
}
