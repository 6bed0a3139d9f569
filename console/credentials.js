/**
 * The credentials the console signs in to an API with: shown folded under each incident list,
 * unfolded when signing in failed (an emulator started with fixtures of its own).
 */
import { useState } from 'preact/hooks';
import { credentials, setCredentials } from './api.js';
import { TextInput, html } from './ui.js';

const FIELDS = {
  eset: [['username', 'Username'], ['password', 'Password']],
  adversarial: [['clientId', 'Client id'], ['clientSecret', 'Client secret']],
};

export function CredentialsForm({ api, error, onChange }) {
  const [values, setValues] = useState({ ...credentials[api] });
  const submit = (event) => {
    event.preventDefault();
    setCredentials(api, values);
    onChange();
  };
  return html`<details class="credentials" open=${Boolean(error?.signIn)}>
    <summary>Credentials the console signs in with</summary>
    <form class="toolbar" onSubmit=${submit} aria-label="Sign-in credentials">
      ${FIELDS[api].map(([name, label]) => html`<${TextInput} label=${label} name=${name} value=${values[name]}
        type=${name.toLowerCase().includes('secret') || name === 'password' ? 'password' : 'text'}
        onInput=${(value) => setValues({ ...values, [name]: value })} autocomplete="off" />`)}
      <button type="submit">Sign in with these</button>
    </form>
  </details>`;
}
