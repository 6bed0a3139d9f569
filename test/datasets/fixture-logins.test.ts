/**
 * The banner's logins are read without validating the whole fixture files again; they are the
 * full parse's, and a file of another shape fails with the full parse's error.
 */
import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adversarialFixtureCredentials } from '../../src/apis/adversarial/seed.js';
import { esetFixtureLogins, loadEsetFixture } from '../../src/apis/eset/seed.js';
import { DEFAULT_FIXTURES_DIR } from '../../src/paths.js';

t.test('the logins and credentials are those the fixture files hold', async (t) => {
  t.same(
    esetFixtureLogins(DEFAULT_FIXTURES_DIR).map(({ username, password }) => [username, password]),
    loadEsetFixture(DEFAULT_FIXTURES_DIR).users.map(({ username, password }) => [username, password]),
  );
  const accounts = (JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, 'adversarial.json'), 'utf8')) as { service_accounts: Array<Record<string, string>> })
    .service_accounts;
  t.same(
    adversarialFixtureCredentials(DEFAULT_FIXTURES_DIR),
    accounts.map((account) => ({ clientId: account.client_id, clientSecret: account.client_secret, role: account.role })),
  );
});

t.test('a file of another shape fails as the seed would, naming the file and the field', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-logins-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
  const eset = JSON.parse(readFileSync(join(dir, 'eset.json'), 'utf8')) as { users: Array<Record<string, unknown>> };
  delete eset.users[0]!.password;
  writeFileSync(join(dir, 'eset.json'), JSON.stringify(eset));
  t.throws(() => esetFixtureLogins(dir), /eset\.json.*password/s);
  const adversarial = JSON.parse(readFileSync(join(dir, 'adversarial.json'), 'utf8')) as { service_accounts: Array<Record<string, unknown>> };
  adversarial.service_accounts[0]!.role = 7;
  writeFileSync(join(dir, 'adversarial.json'), JSON.stringify(adversarial));
  t.throws(() => adversarialFixtureCredentials(dir), /adversarial\.json.*role/s);
});
