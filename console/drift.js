/**
 * Drift: where the real services' answers differ from what the emulator expects (--upstream).
 * Which APIs have an upstream and in which mode, then the findings, most seen first (refreshing),
 * filtered by API; they can be cleared once dealt with. Findings are the whole emulator's, not
 * the picked tenant's.
 */
import { useEffect, useState } from 'preact/hooks';
import { control, query } from './api.js';
import { ErrorLine, Notice, Select, formatTime, html, useAction, useLoader } from './ui.js';

const REFRESH_MS = 2000;
const API_NAMES = { eset: 'ESET Connect', adversarial: 'Adversarial' };

export function DriftView({ version }) {
  const [api, setApi] = useState('');
  const drift = useLoader(() => control('GET', `drift${query({ api })}`), [api, version]);
  const action = useAction();

  useEffect(() => {
    const timer = setInterval(drift.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [drift.reload]);

  const upstreams = Object.entries(drift.data?.upstreams ?? {});
  const findings = drift.data?.findings ?? [];
  const clear = () => action.run(async () => {
    await control('DELETE', `drift${query({ api })}`);
    drift.reload();
  });
  return html`<section aria-labelledby="drift-title">
    <h2 id="drift-title">Drift</h2>
    ${drift.data && (upstreams.length === 0
      ? html`<${Notice} text="No API has an upstream: start the emulator with --upstream to compare it with the real services." />`
      : html`<ul class="upstreams" aria-label="Upstreams">
          ${upstreams.map(([name, upstream]) => html`<li key=${name}><strong>${API_NAMES[name]}</strong> → <code>${upstream.url}</code> (${upstream.mode}, ${upstream.auth} credentials)</li>`)}
        </ul>`)}
    <form class="toolbar" onSubmit=${(event) => event.preventDefault()} aria-label="Drift filters">
      <${Select} label="API" name="driftApi" value=${api} options=${[['', 'both'], ['eset', API_NAMES.eset], ['adversarial', API_NAMES.adversarial]]} onChange=${setApi} />
      <button type="button" class="secondary" onClick=${clear} disabled=${action.busy || findings.length === 0}>Clear findings</button>
    </form>
    <${ErrorLine} error=${drift.error ?? action.error} />
    ${drift.data && findings.length === 0 && upstreams.length > 0 && html`<${Notice} text="No drift found so far." />`}
    ${findings.length > 0 && html`<table class="drift">
      <caption>${findings.length} finding(s) of at most ${drift.data.capacity}</caption>
      <thead><tr><th>API</th><th>Operation</th><th>Kind</th><th>Path</th><th>Expected</th><th>Actual</th><th>Count</th><th>First seen</th><th>Last seen</th></tr></thead>
      <tbody>
        ${findings.map((finding) => html`<tr key=${[finding.api, finding.operation, finding.kind, finding.path, finding.expected, finding.actual].join('|')}>
          <td>${API_NAMES[finding.api]}</td>
          <td>${finding.operation}</td>
          <td>${finding.kind}</td>
          <td class="path">${finding.path}</td>
          <td>${finding.expected}</td>
          <td>${finding.actual}</td>
          <td>${finding.count}</td>
          <td>${formatTime(finding.firstSeen)}</td>
          <td>${formatTime(finding.lastSeen)}</td>
        </tr>`)}
      </tbody>
    </table>`}
  </section>`;
}
