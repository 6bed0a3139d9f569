import t from 'tap';
import { startApp } from '../helpers.js';

const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/v2/incidents',
  headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-emulator-tenant' },
});

t.test('default: any localhost origin, preflight answered, emulator headers exposed', async (t) => {
  const { app } = await startApp(t);
  const response = await app.inject(preflight('http://localhost:5173'));
  t.equal(response.statusCode, 204);
  t.equal(response.headers['access-control-allow-origin'], 'http://localhost:5173');
  t.match(response.headers['access-control-allow-methods'], /POST/);
  t.match(response.headers['access-control-allow-headers'], /authorization,x-emulator-tenant/);
  t.equal((await app.inject(preflight('http://127.0.0.1:3000'))).headers['access-control-allow-origin'], 'http://127.0.0.1:3000');
  t.equal((await app.inject(preflight('https://evil.example'))).headers['access-control-allow-origin'], undefined);

  const simple = await app.inject({ url: '/v2/incidents', headers: { origin: 'http://localhost:8080' } });
  t.equal(simple.statusCode, 400);
  t.equal(simple.headers['access-control-allow-origin'], 'http://localhost:8080');
  t.match(simple.headers['access-control-expose-headers'], /request-id.*response-id.*x-emulator-reason.*x-emulator-error.*x-emulator-fault.*retry-after/);
});

t.test('configured origins, with a port wildcard; * and off', async (t) => {
  const listed = await startApp(t, { corsOrigins: ['https://app.example.com', 'http://dev.example.com:*'] });
  t.equal((await listed.app.inject(preflight('https://app.example.com'))).headers['access-control-allow-origin'], 'https://app.example.com');
  t.equal((await listed.app.inject(preflight('http://dev.example.com:4200'))).headers['access-control-allow-origin'], 'http://dev.example.com:4200');
  t.equal((await listed.app.inject(preflight('http://localhost:3000'))).headers['access-control-allow-origin'], undefined);
  const any = await startApp(t, { corsOrigins: ['*'] });
  t.equal((await any.app.inject(preflight('https://anything.example'))).headers['access-control-allow-origin'], 'https://anything.example');
  const off = await startApp(t, { corsOrigins: ['off'] });
  t.equal((await off.app.inject(preflight('http://localhost:3000'))).headers['access-control-allow-origin'], undefined);
});
