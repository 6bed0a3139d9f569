/**
 * Adversarial's incident register through the real /api/v1 API: the list with its filters and
 * pages; one incident with its tags, threat objectives and comments; status changes and comments
 * through the API, any other change through staging.
 */
import { useState } from 'preact/hooks';
import { adversarial, openApiDocument, query } from './api.js';
import { CredentialsForm } from './credentials.js';
import { StagingForm } from './staging.js';
import { CommentThread, ErrorLine, Notice, Select, TextInput, formatTime, html, useAction, useLoader } from './ui.js';

const ANY = [['', 'any']];

/** The register's enums (OpenAPI document) and the organisation's sources (the API). */
async function adversarialChoices() {
  const [{ components }, { sources }] = await Promise.all([openApiDocument('adversarial'), adversarial('GET', '/api/v1/incidents/sources')]);
  return { status: components.schemas.IncidentStatus.enum, severity: components.schemas.Severity.enum, sources };
}

export function AdversarialView({ tenant }) {
  const empty = { status: '', severity: '', source: '', tags: '', free_text: '', page_size: '10' };
  const [form, setForm] = useState(empty);
  const [applied, setApplied] = useState(empty);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState(null);
  const choices = useLoader(adversarialChoices, [tenant]);
  const list = useLoader(() => {
    const { status, severity, source, tags, ...rest } = applied;
    const parameters = { 'status[]': status, 'severity[]': severity, 'source[]': source, 'tags[]': tags.split(',').map((tag) => tag.trim()), ...rest, page };
    return adversarial('GET', `/api/v1/incidents${query(parameters)}`);
  }, [tenant, applied, page]);

  if (selected) return html`<${AdversarialIncident} id=${selected} tenant=${tenant} choices=${choices.data} onBack=${() => { setSelected(null); list.reload(); }} />`;

  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const apply = (event) => {
    event.preventDefault();
    setPage(1);
    setApplied({ ...form });
  };
  const rows = list.data?.incidents ?? [];
  const pagination = list.data?.pagination;
  const options = choices.data ?? { status: [], severity: [], sources: [] };
  return html`<section aria-labelledby="adversarial-title">
    <h2 id="adversarial-title">Adversarial incidents <small>GET /api/v1/incidents</small></h2>
    <form class="toolbar" onSubmit=${apply} aria-label="List incidents">
      <${Select} label="Status" name="status" value=${form.status} options=${[...ANY, ...options.status]} onChange=${set('status')} />
      <${Select} label="Severity" name="severity" value=${form.severity} options=${[...ANY, ...options.severity]} onChange=${set('severity')} />
      <${Select} label="Source" name="source" value=${form.source} options=${[...ANY, ...options.sources]} onChange=${set('source')} />
      <${TextInput} label="Tags (any of, comma-separated)" name="tags" value=${form.tags} onInput=${set('tags')} />
      <${TextInput} label="Free text" name="free_text" value=${form.free_text} onInput=${set('free_text')} />
      <${Select} label="Page size" name="page_size" value=${form.page_size} options=${['5', '10', '25', '50', '100']} onChange=${set('page_size')} />
      <button type="submit">Apply</button>
    </form>
    <${ErrorLine} error=${list.error ?? choices.error} />
    <table class="incidents" aria-busy=${list.loading ? 'true' : 'false'}>
      <thead><tr><th>Id</th><th>Title</th><th>Severity</th><th>Status</th><th>Source</th><th>Created</th><th>Comments</th></tr></thead>
      <tbody>
        ${rows.map(({ incident, comment_count }) => html`<tr key=${incident.id} data-id=${incident.id}>
          <td>${incident.id}</td>
          <td><button class="link" onClick=${() => setSelected(incident.id)}>${incident.title}</button></td>
          <td><span class=${`badge ${incident.severity?.toLowerCase() ?? ''}`}>${incident.severity ?? '—'}</span></td>
          <td>${incident.status}</td>
          <td>${incident.source ?? '—'}</td>
          <td>${formatTime(incident.created_date)}</td>
          <td>${comment_count}</td>
        </tr>`)}
      </tbody>
    </table>
    ${!list.loading && !list.error && rows.length === 0 && html`<${Notice} text="No incidents match." />`}
    <nav class="pager" aria-label="Pages">
      <button onClick=${() => setPage(page - 1)} disabled=${page <= 1}>Previous page</button>
      <span class="page-number">Page ${page}${pagination ? ` of ${pagination.total_pages} (${pagination.total} incidents)` : ''}</span>
      <button onClick=${() => setPage(page + 1)} disabled=${!pagination?.has_next}>Next page</button>
    </nav>
    <${CredentialsForm} api="adversarial" error=${list.error ?? choices.error} onChange=${() => { choices.reload(); list.reload(); }} />
  </section>`;
}

function AdversarialIncident({ id, tenant, choices, onBack }) {
  const row = useLoader(() => adversarial('GET', `/api/v1/incidents/${encodeURIComponent(id)}`), [tenant, id]);
  const comments = useLoader(() => adversarial('GET', `/api/v1/incidents/${encodeURIComponent(id)}/comments`), [tenant, id]);
  const refresh = () => {
    row.reload();
    comments.reload();
  };
  const incident = row.data?.incident;
  return html`<section aria-labelledby="adversarial-incident-title">
    <button class="secondary" onClick=${onBack}>← Back to the list</button>
    <h2 id="adversarial-incident-title">${incident ? `${incident.id} · ${incident.title}` : id}</h2>
    <${ErrorLine} error=${row.error} />
    ${incident && html`<div class="columns">
      <div>
        <dl class="fields">
          ${Object.entries(incident).map(([key, value]) => html`<dt>${key}</dt><dd data-field=${key}>${describe(value)}</dd>`)}
          <dt>tags</dt><dd>${row.data.tags.map((tag) => tag.content).join(', ') || '—'}</dd>
          <dt>threat_objectives</dt><dd>${row.data.threat_objectives.map((item) => `${item.threat_objective}${item.relevance ? ` (${item.relevance})` : ''}`).join(', ') || '—'}</dd>
        </dl>
        <${AdversarialComments} id=${id} comments=${comments} onChanged=${refresh} />
      </div>
      <div>
        ${choices && html`<${AdversarialStatus} key=${incident.status} incident=${incident} statuses=${choices.status} onChanged=${refresh} />`}
        ${choices && html`<${StagingForm} key=${incident.updated_date + incident.status} fields=${adversarialFields(choices)} initial=${stagingValues(row.data)}
          request=${(changes) => ({ adversarial: { incidents: [{ id, ...changes }] } })} onSaved=${refresh} />`}
      </div>
    </div>`}
  </section>`;
}

/** A register value as text: users by name, nulls as a dash. */
function describe(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return value.email ? `${value.first_name} ${value.last_name} <${value.email}>` : JSON.stringify(value);
  return String(value);
}

function stagingValues(row) {
  const { incident } = row;
  return { ...incident, assigned_to: incident.assigned_to?.id ?? '', opened_by: incident.opened_by?.id ?? '', tags: row.tags.map((tag) => tag.content) };
}

function adversarialFields(choices) {
  const date = (name) => ({ name, label: name, kind: 'text', nullable: true });
  return [
    { name: 'status', label: 'status', kind: 'select', options: choices.status },
    { name: 'severity', label: 'severity', kind: 'select', options: choices.severity },
    { name: 'title', label: 'title', kind: 'text' },
    { name: 'description', label: 'description', kind: 'textarea' },
    { name: 'severity_reasoning', label: 'severity_reasoning', kind: 'text', nullable: true },
    { name: 'source', label: 'source', kind: 'select', options: [['', '—'], ...choices.sources], nullable: true },
    { name: 'assigned_to', label: 'assigned_to (user id)', kind: 'text', nullable: true },
    { name: 'opened_by', label: 'opened_by (user id)', kind: 'text' },
    { name: 'tags', label: 'tags (comma-separated)', kind: 'list' },
    date('created_date'),
    date('updated_date'),
    date('detected_date'),
    date('occurred_date'),
    date('responded_date'),
    date('contained_date'),
  ];
}

/** Status through the real PATCH: closing and reopening as a client would. */
function AdversarialStatus({ incident, statuses, onChanged }) {
  const [status, setStatus] = useState(incident.status === 'Closed' ? 'New' : 'Closed');
  const action = useAction();
  const submit = (event) => {
    event.preventDefault();
    action.run(async () => {
      await adversarial('PATCH', `/api/v1/incidents/${encodeURIComponent(incident.id)}`, { status });
      onChanged();
    });
  };
  return html`<form class="lifecycle" onSubmit=${submit} aria-label="Change status">
    <h3>Status <small>(PATCH /api/v1/incidents/${incident.id})</small></h3>
    <${Select} label="New status" name="newStatus" value=${status} options=${statuses} onChange=${setStatus} />
    <${ErrorLine} error=${action.error} />
    <button type="submit" disabled=${action.busy}>${status === 'Closed' ? 'Close incident' : 'Set status'}</button>
  </form>`;
}

function AdversarialComments({ id, comments, onChanged }) {
  const rows = (comments.data?.comments ?? []).map((comment) => ({
    key: comment.id,
    meta: `${formatTime(comment.created_date)} · ${describe(comment.user)}`,
    text: comment.value,
  }));
  const send = (value) => adversarial('POST', `/api/v1/incidents/${encodeURIComponent(id)}/comments`, { value });
  return html`<${CommentThread} rows=${rows} error=${comments.error} send=${send} onChanged=${onChanged} />`;
}
