/**
 * Page tokens are signed with HMAC-SHA256 (truncated): the codec's own implementation must give
 * createHmac's bytes, and a token must survive its text check exactly when it is one the codec
 * could have written.
 */
import t from 'tap';
import { createHmac, randomBytes } from 'node:crypto';
import { ControllableClock } from '../../src/clock.js';
import { PageTokenCodec } from '../../src/paging/page-token.js';

const QUERY = 'status == INCIDENT_STATUS_OPEN\u0000create_time desc';

t.test('tokens carry createHmac-SHA256 of their body, with any key length', async (t) => {
  for (const keyLength of [16, 32, 64, 65, 200]) {
    const secret = randomBytes(keyLength);
    const codec = new PageTokenCodec(secret, new ControllableClock());
    for (let rowId = 1; rowId < 2_000_000; rowId *= 7) {
      const token = Buffer.from(codec.encode({ rowId, uuid: `uuid-${rowId}` }, QUERY), 'base64url');
      const expected = createHmac('sha256', secret).update(token.subarray(0, 23)).digest().subarray(0, 12);
      t.same(token.subarray(23), expected, `key of ${keyLength} bytes, row ${rowId}`);
    }
  }
});

t.test('a token is decoded to its row; a changed character or a non-canonical spelling is refused', async (t) => {
  const codec = new PageTokenCodec(randomBytes(32), new ControllableClock());
  const text = codec.encode({ rowId: 12_345, uuid: 'a-uuid' }, QUERY);
  const position = codec.decode(text, QUERY);
  t.equal(position.rowId, 12_345);
  t.ok(position.isRow('a-uuid'));
  t.notOk(position.isRow('another-uuid'));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const accepted: string[] = [];
  for (let at = 0; at < text.length; at++) {
    for (const other of alphabet) {
      if (other === text[at]) continue;
      const changed = text.slice(0, at) + other + text.slice(at + 1);
      try {
        codec.decode(changed, QUERY);
        accepted.push(changed);
      } catch (error) {
        if (!/malformed|tampered/.test((error as Error).message)) throw error;
      }
    }
  }
  t.same(accepted, [], `each of the ${text.length * 63} one-character changes is refused`);
  // The same 35 bytes spelt otherwise: the last character with its unused low bits set (it decodes
  // to the same bytes), and characters of standard base64; then a padded, a short and a long text.
  const last = alphabet.indexOf(text.at(-1)!);
  const sameBytes = text.slice(0, -1) + alphabet[last + 1]!;
  t.same(Buffer.from(sameBytes, 'base64url'), Buffer.from(text, 'base64url'), 'a spelling of the very same bytes');
  for (const spelling of [sameBytes, `+${text.slice(1)}`, `${text.slice(0, -1)}/`, `${text}=`, text.slice(0, -1), `${text}A`]) {
    t.throws(() => codec.decode(spelling, QUERY), /malformed/, `refused: ${spelling}`);
  }
});

t.test('a token is honoured whether this codec remembers writing it or not, and expires either way', async (t) => {
  const secret = randomBytes(32);
  const clock = new ControllableClock();
  clock.freeze(Date.UTC(2026, 0, 1));
  const writer = new PageTokenCodec(secret, clock);
  const text = writer.encode({ rowId: 42, uuid: 'u-42' }, QUERY);
  // Another codec with the same key: an emulator restarted on the same token store.
  const restarted = new PageTokenCodec(secret, clock);
  t.equal(writer.decode(text, QUERY).rowId, 42, 'remembered by its writer');
  t.equal(restarted.decode(text, QUERY).rowId, 42, 'checked in full by another');
  // Thousands of later tokens push it out of the writer's memory: checked in full then.
  for (let rowId = 1; rowId <= 5000; rowId++) writer.encode({ rowId, uuid: `u-${rowId}` }, QUERY);
  t.equal(writer.decode(text, QUERY).rowId, 42, 'still honoured once forgotten');
  for (const codec of [writer, restarted]) {
    t.throws(() => codec.decode(text, `${QUERY} `), /different filter or orderBy/);
  }
  const fresh = writer.encode({ rowId: 7, uuid: 'u-7' }, QUERY);
  clock.advance(24 * 60 * 60 * 1000 + 1000);
  t.throws(() => writer.decode(fresh, QUERY), /expired/, 'a remembered token expires');
  t.throws(() => restarted.decode(fresh, QUERY), /expired/, 'and so does one checked in full');
});
