// The API checks of test:docker, against a running container: `write URL MARKER` gets tokens from
// both APIs, lists incidents, loads Swagger UI and the web console and writes MARKER into one
// incident of each; `verify URL MARKER` checks that both changes are there. Plain Node (no build
// step, no dependencies).
const [mode, base, marker] = process.argv.slice(2);

async function call(method, path, { token, json, form } = {}) {
  const headers = {};
  let body;
  if (token) headers.authorization = `Bearer ${token}`;
  if (json) { headers['content-type'] = 'application/json'; body = JSON.stringify(json); }
  if (form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form).toString(); }
  const response = await fetch(`${base}${path}`, { method, headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${response.headers.get('x-emulator-reason') ?? ''} ${text}`);
  return text ? JSON.parse(text) : {};
}

const eset = (await call('POST', '/oauth/token', {
  form: { grant_type: 'password', username: 'emulator@example.com', password: 'emulator' },
})).access_token;
const adversarial = (await call('POST', '/api/v1/oauth/token', {
  form: { grant_type: 'client_credentials', client_id: 'arm_sa_emulator', client_secret: 'arm_sk_emulator' },
})).access_token;

const esetPage = await call('GET', `/v2/incidents?${new URLSearchParams({ filter: 'status == INCIDENT_STATUS_OPEN', orderBy: 'create_time', pageSize: '5' })}`, { token: eset });
if (esetPage.incidents.length === 0) throw new Error('ESET list is empty');
const esetTarget = esetPage.incidents[0].uuid;
const advPage = await call('GET', '/api/v1/incidents?page=1&page_size=5&order_by=id', { token: adversarial });
if (advPage.incidents.length === 0) throw new Error('Adversarial list is empty');
const advTarget = advPage.incidents[0].incident.id;

if (mode === 'write') {
  // The web console ships in the image: its page and the modules it imports are served.
  for (const path of ['/_emulator/console', '/_emulator/console/app.js', '/_emulator/console/vendor/preact.mjs']) {
    const response = await fetch(`${base}${path}`);
    if (!response.ok || !/^text\/(html|javascript)/.test(response.headers.get('content-type') ?? '')) {
      throw new Error(`console: GET ${path} → ${response.status} ${response.headers.get('content-type')}`);
    }
  }
  // Swagger UI and its assets: what the image strips from node_modules must not include them.
  for (const path of ['/docs/eset', '/docs/eset/static/swagger-ui-bundle.js', '/openapi/eset.json']) {
    const response = await fetch(`${base}${path}`);
    if (!response.ok || (await response.text()).length < 100) throw new Error(`GET ${path} → ${response.status}`);
  }
  await call('POST', `/v2/incidents/${esetTarget}/basic-attributes:update`, { token: eset, json: { displayName: marker, updateMask: 'displayName' } });
  await call('PATCH', `/api/v1/incidents/${advTarget}`, { token: adversarial, json: { title: marker } });
  console.log(`[test:docker] both APIs answered; wrote ${marker} to ESET ${esetTarget} and Adversarial ${advTarget}`);
} else {
  const esetNow = (await call('GET', `/v2/incidents/${esetTarget}`, { token: eset })).incident.displayName;
  const advNow = (await call('GET', `/api/v1/incidents/${advTarget}`, { token: adversarial })).incident.title;
  if (esetNow !== marker || advNow !== marker) throw new Error(`not persisted: ESET '${esetNow}', Adversarial '${advNow}'`);
}
