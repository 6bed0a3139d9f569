/** Small pieces every view uses: html, labelled fields, error and notice lines, a data loader. */
import { h } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);

let fieldIds = 0;
/** A stable id for one label/control pair. */
export function useFieldId(prefix) {
  const [id] = useState(() => `${prefix}-${++fieldIds}`);
  return id;
}

/** A label above its control, with the control's error (if any) right under it. */
export function Field({ label, error, children, id }) {
  return html`<div class=${`field${error ? ' has-error' : ''}`}>
    <label for=${id}>${label}</label>
    ${children}
    ${error && html`<p class="field-error" id=${`${id}-error`} role="alert">${error}</p>`}
  </div>`;
}

export function TextInput({ label, value, onInput, error, type = 'text', placeholder, name, ...rest }) {
  const id = useFieldId(name ?? 'input');
  return html`<${Field} label=${label} error=${error} id=${id}>
    <input id=${id} name=${name} type=${type} value=${value} placeholder=${placeholder}
      aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-error` : undefined}
      onInput=${(event) => onInput(event.currentTarget.value)} ...${rest} />
  </${Field}>`;
}

export function TextArea({ label, value, onInput, error, name, rows = 3 }) {
  const id = useFieldId(name ?? 'text');
  return html`<${Field} label=${label} error=${error} id=${id}>
    <textarea id=${id} name=${name} rows=${rows} aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${error ? `${id}-error` : undefined}
      value=${value} onInput=${(event) => onInput(event.currentTarget.value)}></textarea>
  </${Field}>`;
}

export function Select({ label, value, onChange, options, error, name }) {
  const id = useFieldId(name ?? 'select');
  return html`<${Field} label=${label} error=${error} id=${id}>
    <select id=${id} name=${name} aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${error ? `${id}-error` : undefined} onChange=${(event) => onChange(event.currentTarget.value)}>
      ${options.map((option) => {
        const [optionValue, text] = Array.isArray(option) ? option : [option, option];
        return html`<option value=${optionValue} selected=${optionValue === value}>${text}</option>`;
      })}
    </select>
  </${Field}>`;
}

export function ErrorLine({ error }) {
  if (!error) return null;
  return html`<p class="error" role="alert">${error.message ?? String(error)}</p>`;
}

export function Notice({ text }) {
  return html`<p class="notice" role="status">${text}</p>`;
}

/**
 * Runs `load` when `deps` change (and on reload()); gives {data, error, loading, reload}. A late
 * answer of an earlier run never overwrites a newer one.
 */
export function useLoader(load, deps) {
  const [state, setState] = useState({ data: undefined, error: undefined, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error) => current && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}

/** Runs an action, giving {busy, error, run}: the pattern of every button that changes something. */
export function useAction() {
  const [state, setState] = useState({ busy: false, error: undefined });
  const run = useCallback(async (action) => {
    setState({ busy: true, error: undefined });
    try {
      const result = await action();
      setState({ busy: false, error: undefined });
      return result;
    } catch (error) {
      setState({ busy: false, error });
      return undefined;
    }
  }, []);
  return { ...state, run };
}

/** ESET's long enum names, shown without their common prefix. */
export const shortEnum = (value) => String(value ?? '').replace(/^INCIDENT_(STATUS|SEVERITY_LEVEL|RESOLVE_REASON)_/, '');

/** An RFC 3339 time as the console shows it: UTC, to the second. */
export const formatTime = (value) => (value ? String(value).replace('T', ' ').replace(/(\.\d+)?Z$/, 'Z') : '—');

/**
 * An incident's comments and a form to add one; the same for both APIs. `rows` are the comments
 * as {key, meta, text}; `send(text)` posts a new one through the API.
 */
export function CommentThread({ rows, error, send, onChanged }) {
  const [text, setText] = useState('');
  const action = useAction();
  const submit = (event) => {
    event.preventDefault();
    action.run(async () => {
      await send(text);
      setText('');
      onChanged();
    });
  };
  return html`<div class="comments">
    <h3>Comments (${rows.length})</h3>
    <${ErrorLine} error=${error} />
    <ul>${rows.map((row) => html`<li key=${row.key}><span class="meta">${row.meta}</span> ${row.text}</li>`)}</ul>
    <form onSubmit=${submit} aria-label="Add a comment">
      <${TextArea} label="New comment" name="comment" value=${text} onInput=${setText} rows=${2} />
      <${ErrorLine} error=${action.error} />
      <button type="submit" disabled=${action.busy || text.trim() === ''}>Add comment</button>
    </form>
  </div>`;
}
