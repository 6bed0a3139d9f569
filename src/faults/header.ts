/**
 * The per-request fault header: `x-emulator-fault: 503`, `latency=1500`, `latency=100..300`,
 * `202`, `202=30s` (pending that long), `drop`, `retry-after=5` — comma-separated, e.g.
 * `503, retry-after=10, latency=200`. Anything else is a 400 that says what was wrong.
 */
import { parseDurationMs } from '../util/duration.js';
import type { FaultAction } from './rules.js';

export const FAULT_HEADER = 'x-emulator-fault';

/** How long a `202` without a duration stays pending (emulator clock). */
const DEFAULT_PENDING_MS = 5000;

const GRAMMAR = "'<4xx/5xx status>', '202', '202=<duration>', 'latency=<duration>', 'latency=<min>..<max>', 'drop', 'retry-after=<seconds>'";

export class FaultHeaderError extends Error {
  override name = 'FaultHeaderError';
}

export function parseFaultHeader(value: string): FaultAction {
  const action: FaultAction = {};
  const fail: (detail: string) => never = (detail) => {
    throw new FaultHeaderError(`${FAULT_HEADER} '${value}': ${detail}; expected comma-separated ${GRAMMAR}`);
  };
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) fail('empty item');
  let outcomes = 0;
  for (const item of items) {
    const [key, argument] = item.split('=', 2) as [string, string | undefined];
    const name = key.trim().toLowerCase();
    if (/^\d{3}$/.test(name) && argument === undefined && name !== '202') {
      const status = Number(name);
      if (status < 400 || status > 599) fail(`${status} is not a 4xx or 5xx status`);
      action.status = status;
      outcomes++;
    } else if (name === '202') {
      const ms = argument === undefined ? DEFAULT_PENDING_MS : parseDurationMs(argument.trim());
      if (ms === undefined) fail(`'${argument}' is not a duration`);
      action.pending = ms;
      outcomes++;
    } else if (name === 'drop' && argument === undefined) {
      action.drop = true;
      outcomes++;
    } else if (name === 'latency' && argument !== undefined) {
      const [low, high = low] = argument.split('..', 2).map((part) => parseDurationMs(part.trim()));
      if (low === undefined || high === undefined) fail(`'${argument}' is not a latency`);
      if (low > high) fail(`latency ${argument}: the minimum is above the maximum`);
      action.latency = { min: low, max: high };
    } else if (name === 'retry-after' && argument !== undefined) {
      if (!/^\d{1,5}$/.test(argument.trim())) fail(`retry-after '${argument}' is not a number of seconds`);
      action.retryAfter = Number(argument);
    } else {
      fail(`'${item}' is not a fault`);
    }
  }
  if (outcomes > 1) fail('a status, 202 and drop exclude each other');
  if (action.retryAfter !== undefined && action.status === undefined) fail('retry-after goes with a status');
  return action;
}

/** How a fault is shown in the x-emulator-fault response header and the journal. */
export function describeAction(action: FaultAction): string {
  const parts: string[] = [];
  if (action.status !== undefined) parts.push(String(action.status));
  if (action.pending !== undefined) parts.push(`202=${action.pending}ms`);
  if (action.drop) parts.push('drop');
  if (action.latency) {
    parts.push(action.latency.min === action.latency.max ? `latency=${action.latency.min}` : `latency=${action.latency.min}..${action.latency.max}`);
  }
  return parts.join(',');
}
