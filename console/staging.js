/**
 * The staging form: any field of an incident, status included, set through POST /_emulator/state
 * (no business rules, as test setup needs). Only the fields changed are sent; the emulator's
 * validation error is shown next to the field it names.
 */
import { useState } from 'preact/hooks';
import { control } from './api.js';
import { ErrorLine, Notice, Select, TextArea, TextInput, html, useAction } from './ui.js';

/** A spec value as the form edits it: text. */
function toText(field, value) {
  if (value === undefined || value === null) return '';
  if (field.kind === 'list') return value.join(', ');
  return String(value);
}

/** Form text back to the wire: lists split on commas, numbers as numbers, '' as null where allowed. */
function fromText(field, text) {
  if (field.kind === 'list') return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (field.kind === 'number') return text.trim() === '' ? null : Number(text);
  if (text === '' && field.nullable) return null;
  return text;
}

/** Sets `value` at a dotted path ("metrics.deviceCount") of `target`. */
function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}

/** Which form field an error message names: `field "status"`, `field "metrics.deviceCount"`, …. */
function fieldOfMessage(fields, message) {
  const named = /field "([^"]+)"/.exec(message)?.[1];
  if (named === undefined) return undefined;
  return fields.find((field) => field.name === named || named.startsWith(`${field.name}.`) || field.name.startsWith(`${named}.`))?.name;
}

/**
 * fields: [{name, label, kind: text|textarea|select|list|number, options?, nullable?}];
 * initial: name → current value; request(changes) → the body of POST /_emulator/state.
 */
export function StagingForm({ fields, initial, request, onSaved }) {
  const start = () => Object.fromEntries(fields.map((field) => [field.name, toText(field, initial[field.name])]));
  const [values, setValues] = useState(start);
  const [raw, setRaw] = useState('');
  const [saved, setSaved] = useState('');
  const action = useAction();

  const changes = () => {
    const result = {};
    for (const field of fields) {
      if (values[field.name] !== toText(field, initial[field.name])) setPath(result, field.name, fromText(field, values[field.name]));
    }
    if (raw.trim() !== '') {
      let extra;
      try {
        extra = JSON.parse(raw);
      } catch (error) {
        throw new Error(`Raw JSON: ${error.message}`);
      }
      if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new Error('Raw JSON: send an object of fields');
      Object.assign(result, extra);
    }
    return result;
  };

  const submit = (event) => {
    event.preventDefault();
    setSaved('');
    action.run(async () => {
      const changed = changes();
      if (Object.keys(changed).length === 0) throw new Error('nothing changed');
      await control('POST', 'state', request(changed));
      setSaved(`saved: ${Object.keys(changed).join(', ')}`);
      onSaved();
    });
  };

  const message = action.error?.message ?? '';
  const errorField = action.error ? fieldOfMessage(fields, message) : undefined;
  const set = (name) => (value) => setValues((previous) => ({ ...previous, [name]: value }));

  return html`<form class="staging" onSubmit=${submit} aria-label="Staging: set fields through the control API">
    <h3>Staging <small>(POST /_emulator/state: no business rules)</small></h3>
    <div class="grid">
      ${fields.map((field) => {
        const common = { label: field.label, name: field.name, value: values[field.name], error: field.name === errorField ? message : undefined };
        if (field.kind === 'select') return html`<${Select} ...${common} options=${field.options} onChange=${set(field.name)} />`;
        if (field.kind === 'textarea') return html`<${TextArea} ...${common} onInput=${set(field.name)} />`;
        return html`<${TextInput} ...${common} type=${field.kind === 'number' ? 'number' : 'text'} onInput=${set(field.name)} />`;
      })}
    </div>
    <${TextArea} label="Raw JSON (more fields, merged over the form's)" name="raw" value=${raw} onInput=${setRaw} rows=${2} />
    ${action.error && !errorField && html`<${ErrorLine} error=${action.error} />`}
    ${saved && html`<${Notice} text=${saved} />`}
    <div class="actions">
      <button type="submit" disabled=${action.busy}>Save through /_emulator/state</button>
      <button type="button" class="secondary" onClick=${() => { setValues(start()); setRaw(''); }}>Undo edits</button>
    </div>
  </form>`;
}
