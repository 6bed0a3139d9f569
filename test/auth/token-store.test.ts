import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore, newOpaqueToken } from '../../src/auth/token-store.js';

const issued = (subject: string) => ({ api: 'eset', kind: 'access' as const, subject, issuedAt: 1_000, expiresAt: 10_000 });

function storesOnOneFile(t: Test): [TokenStore, TokenStore] {
  const folder = mkdtempSync(join(tmpdir(), 'token-store-'));
  const first = new TokenStore(join(folder, 'tokens.sqlite'));
  const second = new TokenStore(join(folder, 'tokens.sqlite'));
  t.teardown(() => {
    first.close();
    second.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return [first, second];
}

t.test('a token revoked by another process on the same file is seen as revoked at once', async (t) => {
  const [mine, theirs] = storesOnOneFile(t);
  const token = newOpaqueToken();
  mine.save(token, issued('u1'));
  t.equal(mine.find(token)?.revokedAt, null, 'found live (and now remembered)');
  t.equal(mine.find(token)?.revokedAt, null, 'found live again');
  t.ok(theirs.revoke(token, 5_000));
  t.equal(mine.find(token)?.revokedAt, 5_000, 'the other connection’s revocation is read, not the remembered row');
});

t.test('a token purged by another process is unknown here afterwards', async (t) => {
  const [mine, theirs] = storesOnOneFile(t);
  const token = newOpaqueToken();
  mine.save(token, issued('u2'));
  t.ok(mine.find(token));
  theirs.purgeExpired(20_000);
  t.equal(mine.find(token), undefined);
});

t.test('this process’s own revocations and purges are seen at once', async (t) => {
  const store = new TokenStore(':memory:');
  t.teardown(() => store.close());
  const revoked = newOpaqueToken();
  const purged = newOpaqueToken();
  store.save(revoked, issued('u3'));
  store.save(purged, { ...issued('u4'), expiresAt: 2_000 });
  t.ok(store.find(revoked));
  t.ok(store.find(purged));
  t.ok(store.revoke(revoked, 3_000));
  t.equal(store.find(revoked)?.revokedAt, 3_000);
  store.purgeExpired(2_500);
  t.equal(store.find(purged), undefined);
  t.ok(store.find(revoked), 'a token that did not expire stays');
});

t.test('unknown tokens are never remembered, and what is remembered is bounded', async (t) => {
  const store = new TokenStore(':memory:');
  t.teardown(() => store.close());
  const tokens = Array.from({ length: 5_000 }, () => newOpaqueToken());
  store.transaction(() => tokens.forEach((token, i) => store.save(token, issued(`u${i}`))));
  t.equal(tokens.filter((token, i) => store.find(token)?.subject === `u${i}`).length, 5_000, 'every token found as itself');
  t.equal(store.find('never-issued'), undefined);
  // Every token is still found correctly after the oldest ones dropped out of memory.
  t.equal(store.find(tokens[0]!)?.subject, 'u0');
  t.equal(store.find(tokens[4_999]!)?.subject, 'u4999');
  t.ok((store as unknown as { found: Map<string, unknown> }).found.size <= 4096, 'at most 4,096 tokens kept in memory');
});
