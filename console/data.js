/**
 * The picked tenant's data as a whole: snapshots (save, list, restore, delete), reset to the
 * seeded state, seed a generated dataset.
 */
import { useState } from 'preact/hooks';
import { control } from './api.js';
import { ErrorLine, Notice, TextInput, formatTime, html, useAction, useLoader } from './ui.js';

export function DataView({ tenant }) {
  const snapshots = useLoader(() => control('GET', 'snapshots'), [tenant]);
  const [name, setName] = useState('before-test');
  const [count, setCount] = useState('500');
  const [seed, setSeed] = useState('1');
  const [done, setDone] = useState('');
  const action = useAction();

  const change = (work, what) => action.run(async () => {
    setDone('');
    const result = await work();
    setDone(what(result));
    snapshots.reload();
  });
  const save = (event) => {
    event.preventDefault();
    change(() => control('POST', 'snapshots', { name }), (info) => `saved snapshot '${info.name}' (${info.bytes} bytes)`);
  };
  const generate = (event) => {
    event.preventDefault();
    change(
      () => control('POST', 'seed', { generate: Number(count), seed: Number(seed) }),
      (result) => `seeded from ${result.seededFrom} in ${Math.round(result.tookMs)} ms`,
    );
  };

  const list = snapshots.data?.snapshots ?? [];
  return html`<section aria-labelledby="data-title">
    <h2 id="data-title">Snapshots and data <small>tenant ${tenant}</small></h2>
    <form class="toolbar" onSubmit=${save} aria-label="Save a snapshot">
      <${TextInput} label="Snapshot name" name="snapshotName" value=${name} onInput=${setName} />
      <button type="submit" disabled=${action.busy}>Save snapshot</button>
    </form>
    <table class="snapshots">
      <thead><tr><th>Name</th><th>Saved (emulator time)</th><th>Size</th><th></th></tr></thead>
      <tbody>
        ${list.map((snapshot) => html`<tr key=${snapshot.name} data-snapshot=${snapshot.name}>
          <td>${snapshot.name}</td>
          <td>${formatTime(snapshot.createdAt)}</td>
          <td>${Math.round(snapshot.bytes / 1024)} KiB</td>
          <td class="actions">
            <button onClick=${() => change(() => control('POST', `snapshots/${encodeURIComponent(snapshot.name)}/restore`, {}), () => `restored '${snapshot.name}'`)}
              disabled=${action.busy} aria-label=${`Restore snapshot ${snapshot.name}`}>Restore</button>
            <button class="secondary" onClick=${() => change(() => control('DELETE', `snapshots/${encodeURIComponent(snapshot.name)}`), () => `deleted '${snapshot.name}'`)}
              disabled=${action.busy} aria-label=${`Delete snapshot ${snapshot.name}`}>Delete</button>
          </td>
        </tr>`)}
      </tbody>
    </table>
    ${!snapshots.loading && list.length === 0 && html`<${Notice} text="No snapshots yet." />`}
    <h3>Reset and seed</h3>
    <div class="actions">
      <button class="danger" disabled=${action.busy}
        onClick=${() => change(() => control('POST', 'reset', {}), (result) => `reset to ${result.seededFrom} in ${Math.round(result.tookMs)} ms`)}>Reset tenant</button>
    </div>
    <form class="toolbar" onSubmit=${generate} aria-label="Seed a generated dataset">
      <${TextInput} label="Incidents to generate" name="generate" type="number" value=${count} onInput=${setCount} min="1" />
      <${TextInput} label="Generator seed" name="seed" type="number" value=${seed} onInput=${setSeed} min="0" />
      <button type="submit" disabled=${action.busy}>Seed generated dataset</button>
    </form>
    <${ErrorLine} error=${action.error ?? snapshots.error} />
    ${done && html`<${Notice} text=${done} />`}
  </section>`;
}
