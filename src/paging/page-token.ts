/**
 * Opaque, signed page tokens for keyset paging (AIP-158). A token names the last row of the page
 * (its row id, for the repository to look up that row's sort key, and a fingerprint of its
 * uuid, so that a row id reused by another incident after a re-seed is not mistaken for it), is
 * bound to the query that produced it (a hash of filter and orderBy) and expires. Layout before
 * base64url, 35 bytes → 47 chars, well under ESET's 128-character limit:
 *   version (1) | issued at, epoch seconds (4) | row id (6) | uuid FNV-1a (4) | query hash (8) | HMAC-SHA256 (12)
 */
import { createHash, hash as digestOf, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { invalidArgument } from '../errors.js';

const VERSION = 3;
const BODY_LENGTH = 1 + 4 + 6 + 4 + 8;
const MAC_LENGTH = 12;
const TOKEN_LENGTH = BODY_LENGTH + MAC_LENGTH;
/**
 * A token's text as base64url writes 35 bytes: 46 characters, then one whose low two bits are
 * unused and so zero. Checked as text, which costs less than decoding and encoding it again.
 */
const TOKEN_TEXT = /^[A-Za-z0-9_-]{46}[AEIMQUYcgkosw048]$/;

/** A page token is honoured for a day of emulator time, then it is stale (400). */
const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** The last row of a page: where the next page starts. */
export interface PagePosition {
  rowId: number;
  uuid: string;
}

/** Query fingerprints kept: a client paging through a list sends the same query again and again. */
const QUERY_HASHES_KEPT = 256;
/** Tokens remembered as written (see `issued`): a few MB at most. */
const ISSUED_TOKENS_KEPT = 4096;

/** What a token says, once its signature is known to be good. */
interface TokenContent {
  rowId: number;
  fingerprint: number;
  issuedAtMs: number;
  queryHash: Buffer;
}

export class PageTokenCodec {
  private readonly queryHashes = new Map<string, Buffer>();
  /**
   * Tokens this codec wrote lately, by their text: a client sends the token of the page it was
   * just given, which is then known without decoding and signing it again. Others (an older
   * one, one from before a restart) are checked in full.
   */
  private readonly issued = new Map<string, TokenContent>();
  private readonly mac: (body: Buffer) => Buffer;

  constructor(
    secret: Buffer,
    private readonly clock: Clock,
    private readonly ttlMs: number = PAGE_TOKEN_TTL_MS,
  ) {
    this.mac = hmacSha256(secret, BODY_LENGTH, MAC_LENGTH);
  }

  /** `query` identifies the request's filter and order; a token only continues that query. */
  encode(last: PagePosition, query: string): string {
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const fingerprint = uuidFingerprint(last.uuid);
    const queryHash = this.queryHash(query);
    const token = Buffer.alloc(TOKEN_LENGTH);
    token.writeUInt8(VERSION, 0);
    token.writeUInt32BE(issuedAt, 1);
    token.writeUIntBE(last.rowId, 5, 6);
    token.writeUInt32BE(fingerprint, 11);
    queryHash.copy(token, 15);
    this.mac(token.subarray(0, BODY_LENGTH)).copy(token, BODY_LENGTH);
    const text = token.toString('base64url');
    if (!this.issued.has(text) && this.issued.size >= ISSUED_TOKENS_KEPT) this.issued.delete(this.issued.keys().next().value!);
    this.issued.set(text, { rowId: last.rowId, fingerprint, issuedAtMs: issuedAt * 1000, queryHash });
    return text;
  }

  /**
   * The row the token continues after; a 400 ApiError when the token is not for this query.
   * `isRow(uuid)` tells whether the row now under that id is still the one the token named.
   */
  decode(text: string, query: string): { rowId: number; isRow(uuid: string): boolean; row: string } {
    const { rowId, fingerprint, issuedAtMs, queryHash } = this.issued.get(text) ?? this.verified(text);
    if (!this.queryHash(query).equals(queryHash)) {
      throw invalidArgument('pageToken belongs to a different filter or orderBy: send the same ones as for the first page');
    }
    if (this.clock.now() - issuedAtMs > this.ttlMs) {
      throw invalidArgument('pageToken has expired: start again from the first page');
    }
    // `row` names the row as the token does (its id and uuid fingerprint), for keeping pages by it.
    return { rowId, isRow: (uuid) => uuidFingerprint(uuid) === fingerprint, row: `${rowId}:${fingerprint}` };
  }

  /** What a token this codec did not write lately says, if its signature is good. */
  private verified(text: string): TokenContent {
    if (!TOKEN_TEXT.test(text)) throw invalidArgument('pageToken is malformed: pass nextPageToken of the previous page unchanged');
    const token = Buffer.from(text, 'base64url');
    const expectedMac = this.mac(token.subarray(0, BODY_LENGTH));
    if (!timingSafeEqual(expectedMac, token.subarray(BODY_LENGTH)) || token.readUInt8(0) !== VERSION) {
      throw invalidArgument('pageToken has been tampered with or was not issued by this emulator');
    }
    return { rowId: token.readUIntBE(5, 6), fingerprint: token.readUInt32BE(11), issuedAtMs: token.readUInt32BE(1) * 1000, queryHash: token.subarray(15, 23) };
  }

  private queryHash(query: string): Buffer {
    let queryHash = this.queryHashes.get(query);
    if (!queryHash) {
      if (this.queryHashes.size >= QUERY_HASHES_KEPT) this.queryHashes.delete(this.queryHashes.keys().next().value!);
      queryHash = hash(query, 8);
      this.queryHashes.set(query, queryHash);
    }
    return queryHash;
  }
}

/**
 * HMAC-SHA256 (RFC 2104) of `bodyLength`-byte bodies, the first `macLength` bytes of it: the same
 * bytes as createHmac gives, in two one-shot hashes over buffers padded with the key once. A page
 * token is checked on every next page, and createHmac's object per call (its key copied, a native
 * handle for the collector) cost about as much as the hashing.
 */
function hmacSha256(secret: Buffer, bodyLength: number, macLength: number): (body: Buffer) => Buffer {
  const BLOCK = 64;
  const key = Buffer.alloc(BLOCK);
  (secret.length > BLOCK ? digestOf('sha256', secret, 'buffer') : secret).copy(key);
  const inner = Buffer.alloc(BLOCK + bodyLength);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = key[i]! ^ 0x36;
    outer[i] = key[i]! ^ 0x5c;
  }
  return (body) => {
    body.copy(inner, BLOCK);
    digestOf('sha256', inner, 'buffer').copy(outer, BLOCK);
    return digestOf('sha256', outer, 'buffer').subarray(0, macLength);
  };
}

/**
 * FNV-1a (32 bits) of a uuid: tells the incident a row id names now from the one it named when the
 * token was made. It need not resist forgery (the MAC covers the token), only differ by chance.
 */
function uuidFingerprint(uuid: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < uuid.length; i++) hash = Math.imul(hash ^ uuid.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function hash(text: string, bytes: number): Buffer {
  return createHash('sha256').update(text).digest().subarray(0, bytes);
}
