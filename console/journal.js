/**
 * The journal, live: the last requests (GET /_emulator/journal), then every new one as it happens
 * (the /_emulator/journal/stream event stream, from the last seq read, so none is missed).
 * Filters: API, status class, path prefix, tenant; a row opens its details.
 */
import { useEffect, useState } from 'preact/hooks';
import { control, query, streamJournal } from './api.js';
import { ErrorLine, Select, TextInput, formatTime, html } from './ui.js';

/** Rows kept in the view; older ones scroll away as new ones come. */
const KEEP = 500;

/** Which API a journaled path belongs to. */
export function apiOf(path) {
  if (path.startsWith('/v2/') || path === '/oauth/token') return 'eset';
  if (path.startsWith('/api/v1/') || path.startsWith('/v1/')) return 'adversarial';
  return 'other';
}

export function JournalView({ tenant, version }) {
  const [filters, setFilters] = useState({ api: '', status: '', path: '', tenant });
  // Path and tenant apply on Enter or leaving the field, not on every key (each is a new stream).
  const [draft, setDraft] = useState({ path: '', tenant });
  const [entries, setEntries] = useState([]);
  const [state, setState] = useState('connecting');
  const [error, setError] = useState(undefined);
  const [selected, setSelected] = useState(null);
  const server = { status: filters.status, path: filters.path, tenant: filters.tenant };

  useEffect(() => {
    let stop = () => {};
    let current = true;
    setEntries([]);
    setError(undefined);
    control('GET', `journal${query({ ...server, limit: 100 })}`).then(({ requests }) => {
      if (!current) return;
      setEntries(requests.slice().reverse());
      // From the last entry read (or the start of the ring): nothing between the two is missed.
      stop = streamJournal({
        after: requests.at(-1)?.seq ?? 0,
        filters: server,
        onEntry: (entry) => setEntries((previous) => [entry, ...previous].slice(0, KEEP)),
        onState: setState,
      });
    }, (failure) => current && setError(failure));
    return () => {
      current = false;
      stop();
    };
  }, [filters.status, filters.path, filters.tenant, version]);

  const set = (name) => (value) => setFilters({ ...filters, [name]: value });
  const applyDraft = () => setFilters({ ...filters, ...draft });
  const edit = (name) => (value) => setDraft({ ...draft, [name]: value });
  const shown = entries.filter((entry) => filters.api === '' || apiOf(entry.path) === filters.api);
  return html`<section aria-labelledby="journal-title">
    <h2 id="journal-title">Journal <small>live: ${state}</small></h2>
    <form class="toolbar" onSubmit=${(event) => { event.preventDefault(); applyDraft(); }} aria-label="Journal filters">
      <${Select} label="API" name="api" value=${filters.api} options=${[['', 'both'], ['eset', 'ESET Connect'], ['adversarial', 'Adversarial']]} onChange=${set('api')} />
      <${Select} label="Status" name="statusClass" value=${filters.status} options=${[['', 'any'], '2xx', '3xx', '4xx', '5xx']} onChange=${set('status')} />
      <${TextInput} label="Path starts with" name="pathPrefix" value=${draft.path} onInput=${edit('path')} onChange=${applyDraft} />
      <${TextInput} label="Tenant (empty: the one picked)" name="journalTenant" value=${draft.tenant} onInput=${edit('tenant')} onChange=${applyDraft} />
      <button type="submit">Apply</button>
    </form>
    <${ErrorLine} error=${error} />
    <div class=${selected ? 'columns' : ''}>
      <table class="journal">
        <thead><tr><th>#</th><th>Time</th><th>Method</th><th>Path</th><th>Status</th><th>ms</th><th>Tenant</th><th>Fault</th></tr></thead>
        <tbody>
          ${shown.map((entry) => html`<tr key=${entry.seq} data-seq=${entry.seq} class=${`status-${Math.floor(entry.status / 100)}xx`}>
            <td><button class="link" onClick=${() => setSelected(entry)} aria-label=${`Details of request ${entry.seq}`}>${entry.seq}</button></td>
            <td>${formatTime(entry.time)}</td>
            <td>${entry.method}</td>
            <td class="path">${entry.path}</td>
            <td class="status">${entry.status}</td>
            <td>${entry.latencyMs}</td>
            <td>${entry.tenant}</td>
            <td>${entry.fault ?? ''}</td>
          </tr>`)}
        </tbody>
      </table>
      ${selected && html`<aside class="detail" aria-label="Request details">
        <h3>Request ${selected.seq}</h3>
        <dl class="fields">
          ${['method', 'path', 'query', 'status', 'latencyMs', 'fault', 'tenant', 'time', 'requestId'].map(
            (key) => html`<dt>${key}</dt><dd>${selected[key] === '' || selected[key] === null ? '—' : String(selected[key])}</dd>`,
          )}
        </dl>
        <button class="secondary" onClick=${() => setSelected(null)}>Close details</button>
      </aside>`}
    </div>
  </section>`;
}
