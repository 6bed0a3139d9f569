/**
 * Opaque, signed page tokens for keyset paging (AIP-158). A token names the last row of the page
 * (its row id, for the repository to look up that row's sort key, and a fingerprint of its
 * uuid, so that a row id reused by another incident after a re-seed is not mistaken for it), is
 * bound to the query that produced it (a hash of filter and orderBy) and expires. Layout before
 * base64url, 35 bytes → 47 chars, well under ESET's 128-character limit:
 *   version (1) | issued at, epoch seconds (4) | row id (6) | uuid FNV-1a (4) | query hash (8) | HMAC-SHA256 (12)
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { invalidArgument } from '../errors.js';

const VERSION = 3;
const BODY_LENGTH = 1 + 4 + 6 + 4 + 8;
const MAC_LENGTH = 12;
const TOKEN_LENGTH = BODY_LENGTH + MAC_LENGTH;

/** A page token is honoured for a day of emulator time, then it is stale (400). */
const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** The last row of a page: where the next page starts. */
export interface PagePosition {
  rowId: number;
  uuid: string;
}

/** Query fingerprints kept: a client paging through a list sends the same query again and again. */
const QUERY_HASHES_KEPT = 256;

export class PageTokenCodec {
  private readonly queryHashes = new Map<string, Buffer>();

  constructor(
    private readonly secret: Buffer,
    private readonly clock: Clock,
    private readonly ttlMs: number = PAGE_TOKEN_TTL_MS,
  ) {}

  /** `query` identifies the request's filter and order; a token only continues that query. */
  encode(last: PagePosition, query: string): string {
    const token = Buffer.alloc(TOKEN_LENGTH);
    token.writeUInt8(VERSION, 0);
    token.writeUInt32BE(Math.floor(this.clock.now() / 1000), 1);
    token.writeUIntBE(last.rowId, 5, 6);
    token.writeUInt32BE(uuidFingerprint(last.uuid), 11);
    this.queryHash(query).copy(token, 15);
    this.mac(token.subarray(0, BODY_LENGTH)).copy(token, BODY_LENGTH);
    return token.toString('base64url');
  }

  /**
   * The row the token continues after; a 400 ApiError when the token is not for this query.
   * `isRow(uuid)` tells whether the row now under that id is still the one the token named.
   */
  decode(text: string, query: string): { rowId: number; isRow(uuid: string): boolean; row: string } {
    const token = Buffer.from(text, 'base64url');
    if (token.length !== TOKEN_LENGTH || token.toString('base64url') !== text) {
      throw invalidArgument('pageToken is malformed: pass nextPageToken of the previous page unchanged');
    }
    const expectedMac = this.mac(token.subarray(0, BODY_LENGTH));
    if (!timingSafeEqual(expectedMac, token.subarray(BODY_LENGTH)) || token.readUInt8(0) !== VERSION) {
      throw invalidArgument('pageToken has been tampered with or was not issued by this emulator');
    }
    if (!this.queryHash(query).equals(token.subarray(15, 23))) {
      throw invalidArgument('pageToken belongs to a different filter or orderBy: send the same ones as for the first page');
    }
    const issuedAtMs = token.readUInt32BE(1) * 1000;
    if (this.clock.now() - issuedAtMs > this.ttlMs) {
      throw invalidArgument('pageToken has expired: start again from the first page');
    }
    const rowId = token.readUIntBE(5, 6);
    const fingerprint = token.readUInt32BE(11);
    // `row` names the row as the token does (its id and uuid fingerprint), for keeping pages by it.
    return { rowId, isRow: (uuid) => uuidFingerprint(uuid) === fingerprint, row: `${rowId}:${fingerprint}` };
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

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, MAC_LENGTH);
  }
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
