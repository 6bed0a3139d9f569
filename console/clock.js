/**
 * The emulator clock of the picked tenant: shown live in the header (read every few seconds,
 * ticking in between unless frozen), and moved in the Clock view: freeze, advance, resume, reset.
 */
import { useEffect, useState } from 'preact/hooks';
import { control } from './api.js';
import { ErrorLine, TextInput, html, useAction } from './ui.js';

const READ_EVERY_MS = 5000;

/** Clock state shared by the header and the view, so that an action shows at once in both. */
export function useClock(tenant, version) {
  const [clock, setClock] = useState(null);
  const [error, setError] = useState(undefined);
  const [, setTick] = useState(0);

  const read = () =>
    control('GET', 'clock').then(
      (state) => {
        setClock({ ...state, readAt: Date.now() });
        setError(undefined);
      },
      setError,
    );
  useEffect(() => {
    read();
    const reader = setInterval(read, READ_EVERY_MS);
    const ticker = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => {
      clearInterval(reader);
      clearInterval(ticker);
    };
  }, [tenant, version]);

  const nowMs = clock && (clock.frozen ? clock.nowMs : clock.nowMs + (Date.now() - clock.readAt));
  return { clock, nowMs, error, update: (state) => setClock({ ...state, readAt: Date.now() }) };
}

export const formatClock = (ms) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');

export function ClockBadge({ state }) {
  if (!state.clock) return html`<span class="clock" aria-live="off">clock: ${state.error ? 'unavailable' : '…'}</span>`;
  return html`<span class="clock" data-testid="clock">
    <span class="clock-time" data-now-ms=${state.nowMs}>${formatClock(state.nowMs)}</span>
    ${state.clock.frozen && html` <span class="badge frozen">frozen</span>`}
  </span>`;
}

export function ClockView({ state }) {
  const [by, setBy] = useState('2h');
  const [at, setAt] = useState('');
  const action = useAction();
  const post = (body) => action.run(async () => state.update(await control('POST', 'clock', body)));
  const clock = state.clock;
  return html`<section aria-labelledby="clock-title">
    <h2 id="clock-title">Clock <small>/_emulator/clock</small></h2>
    <p class="big-clock" aria-live="polite">${state.nowMs ? formatClock(state.nowMs) : '…'}</p>
    ${clock && html`<p>${clock.frozen ? 'Frozen' : 'Running'}; ${clock.own ? 'this tenant has a clock of its own' : 'the emulator clock'}; offset from real time ${Math.round(clock.offsetMs / 1000)} s.</p>`}
    <form class="toolbar" onSubmit=${(event) => { event.preventDefault(); post({ advance: by }); }} aria-label="Advance the clock">
      <${TextInput} label="Advance by (90s, 15m, 2h, 1d)" name="advance" value=${by} onInput=${setBy} />
      <button type="submit" disabled=${action.busy}>Advance</button>
    </form>
    <form class="toolbar" onSubmit=${(event) => { event.preventDefault(); post({ freeze: at === '' ? true : at }); }} aria-label="Freeze the clock">
      <${TextInput} label="Freeze at (RFC 3339; empty: now)" name="freezeAt" value=${at} onInput=${setAt} placeholder="2026-01-01T00:00:00Z" />
      <button type="submit" disabled=${action.busy}>Freeze</button>
    </form>
    <div class="actions">
      <button onClick=${() => post({ resume: true })} disabled=${action.busy}>Resume</button>
      <button class="secondary" onClick=${() => post({ reset: true })} disabled=${action.busy}>Reset clock</button>
    </div>
    <${ErrorLine} error=${action.error ?? state.error} />
  </section>`;
}
