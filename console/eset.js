/**
 * ESET Connect incidents through the real /v2/incidents API: the list with its CEL filter,
 * orderBy, page size and page tokens; one incident with its devices, detections and comments;
 * close, reopen and comment through the API, any other change through staging.
 */
import { useState } from 'preact/hooks';
import { eset, openApiDocument, query } from './api.js';
import { CredentialsForm } from './credentials.js';
import { StagingForm } from './staging.js';
import { CommentThread, ErrorLine, Notice, Select, TextInput, formatTime, html, shortEnum, useAction, useLoader } from './ui.js';

const PAGE_SIZES = ['5', '10', '25', '50', '100'];

/** The enums of ESET's incident, from its OpenAPI document. */
async function esetEnums() {
  const { components } = await openApiDocument('eset');
  return {
    status: components.schemas.v2IncidentStatus.enum,
    severity: components.schemas.v2IncidentSeverityLevel.enum,
    resolveReason: components.schemas.v2IncidentResolveReason.enum,
  };
}

/** The filter with a caret under the position the emulator's reason names. */
function FilterProblem({ filter, reason }) {
  const position = /at position (\d+)/.exec(reason)?.[1];
  return html`<div class="error" role="alert">
    <p>${reason}</p>
    ${position !== undefined && html`<pre class="caret" aria-hidden="true">${`${filter}\n${' '.repeat(Number(position))}^`}</pre>`}
  </div>`;
}

export function EsetView({ tenant }) {
  const [form, setForm] = useState({ filter: '', orderBy: '', pageSize: '10' });
  const [applied, setApplied] = useState(form);
  // Page tokens of the pages seen so far: tokens[i] opens page i + 1.
  const [tokens, setTokens] = useState(['']);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState(null);

  const list = useLoader(
    () => eset('GET', `/v2/incidents${query({ filter: applied.filter, orderBy: applied.orderBy, pageSize: applied.pageSize, pageToken: tokens[page] })}`),
    [tenant, applied, page],
  );

  const apply = (event) => {
    event.preventDefault();
    setTokens(['']);
    setPage(0);
    setApplied({ ...form });
  };
  const next = () => {
    const token = list.data?.nextPageToken;
    if (!token) return;
    setTokens((previous) => [...previous.slice(0, page + 1), token]);
    setPage(page + 1);
  };

  if (selected) return html`<${EsetIncident} uuid=${selected} tenant=${tenant} onBack=${() => { setSelected(null); list.reload(); }} />`;

  const incidents = list.data?.incidents ?? [];
  return html`<section aria-labelledby="eset-title">
    <h2 id="eset-title">ESET Connect incidents <small>GET /v2/incidents</small></h2>
    <form class="toolbar" onSubmit=${apply} aria-label="List incidents">
      <${TextInput} label="CEL filter" name="filter" value=${form.filter} placeholder='status == INCIDENT_STATUS_OPEN && severity >= INCIDENT_SEVERITY_LEVEL_MEDIUM'
        onInput=${(filter) => setForm({ ...form, filter })} class="wide" />
      <${TextInput} label="orderBy" name="orderBy" value=${form.orderBy} placeholder="createTime desc" onInput=${(orderBy) => setForm({ ...form, orderBy })} />
      <${Select} label="Page size" name="pageSize" value=${form.pageSize} options=${PAGE_SIZES} onChange=${(pageSize) => setForm({ ...form, pageSize })} />
      <button type="submit">Apply</button>
    </form>
    ${list.error && html`<${FilterProblem} filter=${applied.filter} reason=${list.error.message} />`}
    <table class="incidents" aria-busy=${list.loading ? 'true' : 'false'}>
      <thead><tr><th>Name</th><th>Severity</th><th>Status</th><th>Created</th><th>Updated</th></tr></thead>
      <tbody>
        ${incidents.map((incident) => html`<tr key=${incident.uuid} data-uuid=${incident.uuid}>
          <td><button class="link" onClick=${() => setSelected(incident.uuid)}>${incident.displayName || incident.uuid}</button></td>
          <td><span class=${`badge sev-${shortEnum(incident.severity).toLowerCase()}`}>${shortEnum(incident.severity)}</span></td>
          <td>${shortEnum(incident.status)}</td>
          <td>${formatTime(incident.createTime)}</td>
          <td>${formatTime(incident.updateTime)}</td>
        </tr>`)}
      </tbody>
    </table>
    ${!list.loading && !list.error && incidents.length === 0 && html`<${Notice} text="No incidents match." />`}
    <nav class="pager" aria-label="Pages">
      <button onClick=${() => setPage(page - 1)} disabled=${page === 0}>Previous page</button>
      <span class="page-number">Page ${page + 1}</span>
      <button onClick=${next} disabled=${!list.data?.nextPageToken}>Next page</button>
    </nav>
    <${CredentialsForm} api="eset" error=${list.error} onChange=${list.reload} />
  </section>`;
}

function EsetIncident({ uuid, tenant, onBack }) {
  const incident = useLoader(() => eset('GET', `/v2/incidents/${encodeURIComponent(uuid)}`).then((body) => body.incident), [tenant, uuid]);
  const comments = useLoader(() => eset('GET', `/v2/incidents/${encodeURIComponent(uuid)}/comments`), [tenant, uuid]);
  const enums = useLoader(esetEnums, []);
  const refresh = () => {
    incident.reload();
    comments.reload();
  };

  const data = incident.data;
  return html`<section aria-labelledby="eset-incident-title">
    <button class="secondary" onClick=${onBack}>← Back to the list</button>
    <h2 id="eset-incident-title">${data?.displayName ?? uuid}</h2>
    <${ErrorLine} error=${incident.error} />
    ${data && html`<div class="columns">
      <div>
        <dl class="fields">
          ${Object.entries(data).filter(([key]) => !['deviceUuids', 'detectionUuids', 'metrics'].includes(key)).map(
            ([key, value]) => html`<dt>${key}</dt><dd data-field=${key}>${Array.isArray(value) ? value.join(', ') || '—' : String(value) || '—'}</dd>`,
          )}
          ${Object.entries(data.metrics).map(([key, value]) => html`<dt>metrics.${key}</dt><dd>${value}</dd>`)}
        </dl>
        <h3>Devices (${data.deviceUuids.length})</h3>
        <ul class="uuids">${data.deviceUuids.map((device) => html`<li>${device}</li>`)}</ul>
        <h3>Detections (${data.detectionUuids.length})</h3>
        <ul class="uuids">${data.detectionUuids.map((detection) => html`<li>${detection}</li>`)}</ul>
        <${EsetComments} uuid=${uuid} comments=${comments} onChanged=${refresh} />
      </div>
      <div>
        ${enums.data && html`<${EsetLifecycle} incident=${data} enums=${enums.data} onChanged=${refresh} />`}
        ${enums.data && html`<${StagingForm} key=${data.updateTime + data.status} fields=${esetFields(enums.data)} initial=${flatten(data)}
          request=${(changes) => ({ eset: { incidents: [{ uuid, ...changes }] } })} onSaved=${refresh} />`}
      </div>
    </div>`}
  </section>`;
}

function flatten(incident) {
  const { metrics, ...rest } = incident;
  return { ...rest, ...Object.fromEntries(Object.entries(metrics).map(([key, value]) => [`metrics.${key}`, value])) };
}

function esetFields(enums) {
  const choices = (values) => values.map((value) => [value, shortEnum(value)]);
  return [
    { name: 'status', label: 'status', kind: 'select', options: choices(enums.status) },
    { name: 'severity', label: 'severity', kind: 'select', options: choices(enums.severity) },
    { name: 'resolveReason', label: 'resolveReason', kind: 'select', options: choices(enums.resolveReason) },
    { name: 'displayName', label: 'displayName', kind: 'text' },
    { name: 'description', label: 'description', kind: 'textarea' },
    { name: 'assigneeUuid', label: 'assigneeUuid', kind: 'text' },
    { name: 'createTime', label: 'createTime', kind: 'text' },
    { name: 'updateTime', label: 'updateTime', kind: 'text' },
    { name: 'triageDuration', label: 'triageDuration', kind: 'text' },
    { name: 'responseDuration', label: 'responseDuration', kind: 'text' },
    { name: 'tags', label: 'tags (comma-separated)', kind: 'list' },
    { name: 'deviceUuids', label: 'deviceUuids (comma-separated)', kind: 'list' },
    { name: 'detectionUuids', label: 'detectionUuids (comma-separated)', kind: 'list' },
    { name: 'metrics.deviceCount', label: 'metrics.deviceCount', kind: 'number' },
    { name: 'metrics.executableCount', label: 'metrics.executableCount', kind: 'number' },
    { name: 'metrics.processCount', label: 'metrics.processCount', kind: 'number' },
  ];
}

/** Close and reopen through the real API, with its business rules. */
function EsetLifecycle({ incident, enums, onChanged }) {
  const [reason, setReason] = useState(enums.resolveReason[1]);
  const [text, setText] = useState('');
  const action = useAction();
  const path = `/v2/incidents/${encodeURIComponent(incident.uuid)}`;
  const closed = incident.status === 'INCIDENT_STATUS_CLOSED';
  const submit = (event) => {
    event.preventDefault();
    action.run(async () => {
      if (closed) await eset('POST', `${path}:reopen`, text ? { comment: { text } } : {});
      else await eset('POST', `${path}:close`, { closureReason: reason, ...(text && { finalComment: { text } }) });
      setText('');
      onChanged();
    });
  };
  return html`<form class="lifecycle" onSubmit=${submit} aria-label=${closed ? 'Reopen' : 'Close'}>
    <h3>${closed ? 'Reopen' : 'Close'} <small>(the real API, its rules apply)</small></h3>
    ${!closed && html`<${Select} label="Closure reason" name="closureReason" value=${reason} options=${enums.resolveReason.slice(1).map((value) => [value, shortEnum(value)])} onChange=${setReason} />`}
    <${TextInput} label=${closed ? 'Comment (optional)' : 'Final comment (optional)'} name="lifecycleComment" value=${text} onInput=${setText} />
    <${ErrorLine} error=${action.error} />
    <button type="submit" disabled=${action.busy}>${closed ? 'Reopen incident' : 'Close incident'}</button>
  </form>`;
}

function EsetComments({ uuid, comments, onChanged }) {
  const rows = (comments.data?.comments ?? []).map((comment) => ({
    key: comment.uuid,
    meta: `${formatTime(comment.createTime)}${comment.isFinalComment ? ' · final' : ''}`,
    text: comment.text,
  }));
  const send = (text) => eset('POST', `/v2/incidents/${encodeURIComponent(uuid)}/comments`, { comment: { text } });
  return html`<${CommentThread} rows=${rows} error=${comments.error} send=${send} onChanged=${onChanged} />`;
}
