/**
 * The console's shell: tenant picker, live clock, the views as tabs, and the control token
 * prompt (shown when the control API answers 401; the token is then sent on every control call).
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AdversarialView } from './adversarial.js';
import { CallError, control, session, sessionEvents, setControlToken } from './api.js';
import { ClockBadge, ClockView, useClock } from './clock.js';
import { DataView } from './data.js';
import { DriftView } from './drift.js';
import { EsetView } from './eset.js';
import { FaultsView } from './faults.js';
import { JournalView } from './journal.js';
import { TextInput, html, useLoader } from './ui.js';

const VIEWS = [
  ['eset', 'ESET incidents', EsetView],
  ['adversarial', 'Adversarial incidents', AdversarialView],
  ['faults', 'Faults', FaultsView],
  ['clock', 'Clock', ClockView],
  ['journal', 'Journal', JournalView],
  ['drift', 'Drift', DriftView],
  ['data', 'Snapshots & data', DataView],
];

const viewFromHash = () => {
  const name = location.hash.slice(1);
  return VIEWS.some(([key]) => key === name) ? name : 'eset';
};

function TenantPicker({ tenant, onPick, version }) {
  const known = useLoader(() => control('GET', 'tenants'), [version]);
  const [other, setOther] = useState('');
  const tenants = known.data?.tenants ?? [tenant];
  const names = tenants.includes(tenant) ? tenants : [...tenants, tenant];
  return html`<form class="tenant" onSubmit=${(event) => { event.preventDefault(); if (other.trim()) onPick(other.trim()); setOther(''); }} aria-label="Tenant">
    <label for="tenant-select">Tenant</label>
    <select id="tenant-select" onChange=${(event) => onPick(event.currentTarget.value)}>
      ${names.map((name) => html`<option value=${name} selected=${name === tenant}>${name}</option>`)}
    </select>
    <label for="tenant-other" class="visually-hidden">Another tenant</label>
    <input id="tenant-other" placeholder="another tenant…" value=${other} onInput=${(event) => setOther(event.currentTarget.value)} size="14" />
  </form>`;
}

function TokenPrompt({ onToken }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const dialog = useRef(null);
  useEffect(() => {
    if (!dialog.current.open) dialog.current.showModal();
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    const previous = session.controlToken;
    setControlToken(token);
    try {
      await control('GET', 'tenants');
      onToken();
    } catch (failure) {
      setControlToken(previous);
      setError(failure instanceof CallError && failure.status === 401 ? 'That is not the control token.' : failure.message);
    }
  };
  // Escape must not dismiss it: without the token nothing here can work.
  return html`<dialog ref=${dialog} class="token-prompt" aria-labelledby="token-title" onCancel=${(event) => event.preventDefault()}>
    <form onSubmit=${submit}>
      <h2 id="token-title">Control token needed</h2>
      <p>This emulator runs with <code>--control-token</code>. Enter it to use the console; it is sent in the <code>x-emulator-control-token</code>
        header of every control call and kept for this tab only.</p>
      <${TextInput} label="Control token" name="controlToken" type="password" value=${token} onInput=${setToken} error=${error} autocomplete="off" autofocus />
      <button type="submit" disabled=${token === ''}>Use this token</button>
    </form>
  </dialog>`;
}

function App() {
  const [tenant, setTenant] = useState(session.tenant);
  const [view, setView] = useState(viewFromHash);
  const [needsToken, setNeedsToken] = useState(false);
  // Bumped when the token is given: everything loads again with it.
  const [version, setVersion] = useState(0);
  const clock = useClock(tenant, version);

  useEffect(() => {
    const onNeeded = () => setNeedsToken(true);
    const onHash = () => setView(viewFromHash());
    sessionEvents.addEventListener('token-needed', onNeeded);
    addEventListener('hashchange', onHash);
    return () => {
      sessionEvents.removeEventListener('token-needed', onNeeded);
      removeEventListener('hashchange', onHash);
    };
  }, []);

  const pick = (name) => {
    session.tenant = name;
    setTenant(name);
  };
  const show = (name) => {
    location.hash = name;
    setView(name);
  };
  // Arrow keys move between tabs, as in any tab list.
  const onTabKey = (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step === undefined) return;
    const index = VIEWS.findIndex(([key]) => key === view);
    const [next] = VIEWS[(index + step + VIEWS.length) % VIEWS.length];
    show(next);
    document.getElementById(`tab-${next}`).focus();
  };
  const Current = VIEWS.find(([key]) => key === view)[2];
  return html`
    <header>
      <h1>incident-emulator <span>console</span></h1>
      <${TenantPicker} tenant=${tenant} onPick=${pick} version=${version} />
      <${ClockBadge} state=${clock} />
    </header>
    <nav class="tabs" role="tablist" aria-label="Views" onKeyDown=${onTabKey}>
      ${VIEWS.map(([key, label]) => html`<button role="tab" id=${`tab-${key}`} aria-selected=${key === view ? 'true' : 'false'}
        aria-controls="view" onClick=${() => show(key)}>${label}</button>`)}
    </nav>
    <main id="view" role="tabpanel" aria-labelledby=${`tab-${view}`}>
      <${Current} key=${`${view}:${tenant}:${version}`} tenant=${tenant} version=${version} state=${clock} />
    </main>
    ${needsToken && html`<${TokenPrompt} onToken=${() => { setNeedsToken(false); setVersion((value) => value + 1); }} />`}
  `;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
