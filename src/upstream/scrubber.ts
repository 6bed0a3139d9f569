/**
 * Deterministic fakes for recorded data: each fake is chosen by a keyed hash (HMAC-SHA256) of the
 * original, so the same person, address, host or text always becomes the same fake within a
 * recording (relations survive), while nobody without the key can test a guess against a fake.
 * The key is random per run unless EMULATOR_RECORD_KEY gives one (to keep fakes stable across
 * recordings); it is never written beside the recording.
 */
import { createHmac, randomBytes } from 'node:crypto';

const FIRST_NAMES = [
  'Alex', 'Blake', 'Casey', 'Dana', 'Eli', 'Finley', 'Gray', 'Harper', 'Indy', 'Jules', 'Kai', 'Logan', 'Morgan', 'Noor',
  'Oakley', 'Parker', 'Quinn', 'Reese', 'Sage', 'Taylor', 'Umi', 'Val', 'Wren', 'Yael',
];
const LAST_NAMES = [
  'Archer', 'Brook', 'Carver', 'Dale', 'Ember', 'Frost', 'Glen', 'Hale', 'Irving', 'Joyce', 'Keane', 'Lark', 'Marsh', 'North',
  'Orchard', 'Pike', 'Quill', 'Reed', 'Stone', 'Thorne', 'Vale', 'West', 'Yates', 'Zell',
];
const TEXT_WORDS = [
  'suspicious', 'activity', 'observed', 'process', 'network', 'connection', 'file', 'change', 'endpoint', 'alert', 'reviewed',
  'analyst', 'escalated', 'blocked', 'quarantined', 'detection', 'follow-up', 'review', 'scheduled', 'confirmed',
];

/** Where fakes point: a reserved domain (RFC 2606), so no fake address or host reaches anybody. */
const FAKE_DOMAIN = 'example.invalid';

export class Scrubber {
  readonly #key: Buffer;

  constructor(key: string | Buffer = randomBytes(32)) {
    this.#key = Buffer.isBuffer(key) ? key : Buffer.from(key, 'utf8');
  }

  #digest(kind: string, original: string): Buffer {
    return createHmac('sha256', this.#key).update(`${kind}\u0000${original}`).digest();
  }

  #hex(kind: string, original: string, length = 8): string {
    return this.#digest(kind, original).toString('hex').slice(0, length);
  }

  /** A fake first and last name for a person (the same person → the same fake). */
  person(original: string): { first: string; last: string } {
    const digest = this.#digest('person', original);
    return { first: FIRST_NAMES[digest[0]! % FIRST_NAMES.length]!, last: `${LAST_NAMES[digest[1]! % LAST_NAMES.length]!}-${digest.toString('hex').slice(4, 8)}` };
  }

  fullName(original: string): string {
    const { first, last } = this.person(original);
    return `${first} ${last}`;
  }

  email(original: string): string {
    return `user-${this.#hex('email', original.toLowerCase())}@${FAKE_DOMAIN}`;
  }

  host(original: string): string {
    return `host-${this.#hex('host', original.toLowerCase(), 6)}`;
  }

  /** Free text: a few plain words and a tag of the original, empty stays empty. */
  text(original: string, label: string): string {
    if (original === '') return '';
    const digest = this.#digest('text', original);
    const words = [0, 1, 2, 3].map((index) => TEXT_WORDS[digest[index]! % TEXT_WORDS.length]!);
    return `${label} ${digest.toString('hex').slice(8, 16)}: ${words.join(' ')}`;
  }

  /** A short label (a tag, an organisation): the label and a stable suffix. */
  label(original: string, prefix: string): string {
    return `${prefix}-${this.#hex('label', original, 6)}`;
  }

  /** A fake URL on the reserved domain (avatars and other links). */
  url(original: string): string {
    return `https://${this.host(original)}.${FAKE_DOMAIN}/${this.#hex('url', original)}`;
  }
}
