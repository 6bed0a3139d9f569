/**
 * Fault rules: the list with how often each matched and fired (refreshing), rules added from
 * templates or as raw JSON, deleted one by one or all at once. Rules added here apply to the
 * picked tenant (the control API scopes a rule to the x-emulator-tenant header it came with).
 */
import { useEffect, useState } from 'preact/hooks';
import { control } from './api.js';
import { ErrorLine, Notice, Select, TextArea, html, useAction, useLoader } from './ui.js';

const REFRESH_MS = 1000;

/** The templates: a name, and the rule for the API the user picked. */
export const TEMPLATES = [
  ['fail the next 2 with 503', (api) => ({ match: { api }, action: { status: 503 }, schedule: { times: 2 } })],
  ['429 with Retry-After', (api) => ({ match: { api }, action: { status: 429, retryAfter: 5 } })],
  ['20 % 503, seeded', (api) => ({ match: { api }, action: { status: 503 }, schedule: { probability: 0.2, seed: 42 } })],
  ['ESET 202 pending for 30 s', () => ({ match: { api: 'eset' }, action: { pending: '30s' } })],
  ['latency 200 ms–2 s', (api) => ({ match: { api }, action: { latency: { min: '200ms', max: '2s' } } })],
  ['drop', (api) => ({ match: { api }, action: { drop: true } })],
];

export function FaultsView({ tenant }) {
  const rules = useLoader(() => control('GET', 'faults'), [tenant]);
  const [template, setTemplate] = useState(TEMPLATES[0][0]);
  const [api, setApi] = useState('eset');
  const [raw, setRaw] = useState('');
  const action = useAction();

  useEffect(() => {
    const timer = setInterval(rules.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [rules.reload]);

  const change = (work) => action.run(async () => {
    await work();
    rules.reload();
  });
  const addTemplate = (event) => {
    event.preventDefault();
    const make = TEMPLATES.find(([name]) => name === template)[1];
    change(() => control('POST', 'faults', make(api)));
  };
  const addRaw = (event) => {
    event.preventDefault();
    change(async () => {
      let rule;
      try {
        rule = JSON.parse(raw);
      } catch (error) {
        throw new Error(`not JSON: ${error.message}`);
      }
      await control('POST', 'faults', rule);
      setRaw('');
    });
  };

  const list = rules.data?.rules ?? [];
  return html`<section aria-labelledby="faults-title">
    <h2 id="faults-title">Faults <small>/_emulator/faults</small></h2>
    <div class="columns">
      <form onSubmit=${addTemplate} aria-label="Add a rule from a template">
        <h3>From a template</h3>
        <${Select} label="Template" name="template" value=${template} options=${TEMPLATES.map(([name]) => name)} onChange=${setTemplate} />
        <${Select} label="API" name="api" value=${api} options=${[['eset', 'ESET Connect'], ['adversarial', 'Adversarial']]} onChange=${setApi} />
        <button type="submit" disabled=${action.busy}>Add rule</button>
      </form>
      <form onSubmit=${addRaw} aria-label="Add a rule as JSON">
        <h3>As JSON</h3>
        <${TextArea} label="Rule (JSON)" name="rule" value=${raw} onInput=${setRaw} rows=${4} />
        <button type="submit" disabled=${action.busy || raw.trim() === ''}>Add JSON rule</button>
      </form>
    </div>
    <${ErrorLine} error=${action.error ?? rules.error} />
    <table class="rules">
      <thead><tr><th>Id</th><th>Match</th><th>Action</th><th>Schedule</th><th>Matched</th><th>Fired</th><th></th></tr></thead>
      <tbody>
        ${list.map((rule) => html`<tr key=${rule.id} data-rule=${rule.id}>
          <td>${rule.id}</td>
          <td><code>${JSON.stringify(rule.match ?? {})}</code></td>
          <td><code>${JSON.stringify(rule.action)}</code></td>
          <td><code>${JSON.stringify(rule.schedule ?? {})}</code></td>
          <td class="matched">${rule.matched}</td>
          <td class="fired">${rule.fired}</td>
          <td><button class="secondary" aria-label=${`Delete rule ${rule.id}`} onClick=${() => change(() => control('DELETE', `faults/${encodeURIComponent(rule.id)}`))}>Delete</button></td>
        </tr>`)}
      </tbody>
    </table>
    ${list.length === 0 && html`<${Notice} text="No fault rules." />`}
    <button class="danger" disabled=${action.busy || list.length === 0} onClick=${() => change(() => control('DELETE', 'faults'))}>Delete all rules</button>
  </section>`;
}
