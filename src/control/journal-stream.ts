/**
 * The journal as a live stream of Server-Sent Events: every request recorded from now on (or after
 * a given seq, replayed from the ring first) as one `request` event whose id is its seq, so a
 * client that reconnects with Last-Event-ID misses nothing the ring still holds. Streams are
 * bounded: at most MAX_STREAMS at once, and a client that stops reading is cut off once
 * MAX_BUFFERED bytes wait for it, instead of holding memory for ever.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { ApiError, invalidArgument } from '../errors.js';
import { entryMatches, type JournalEntry, type JournalFilter } from '../journal/journal.js';

export const MAX_STREAMS = 32;
/** Bytes queued for one client before it counts as gone. */
const MAX_BUFFERED = 1 << 20;
/** A comment line this often keeps proxies and idle timeouts from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;

const event = (entry: JournalEntry) => `id: ${entry.seq}\nevent: request\ndata: ${JSON.stringify(entry)}\n\n`;

/** Last-Event-ID, the standard way an SSE client resumes; the `after` query parameter wins. */
function resumeAfter(request: FastifyRequest, after: number | undefined): number | undefined {
  if (after !== undefined) return after;
  const header = request.headers['last-event-id'];
  if (header === undefined || header === '') return undefined;
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header)) {
    throw invalidArgument(`Last-Event-ID '${String(header)}' is not a journal seq (a non-negative integer)`);
  }
  return Number(header);
}

export class JournalStreams {
  private readonly open = new Set<PassThrough>();

  constructor(private readonly app: FastifyInstance) {}

  /** Answers the request with the stream; it runs until the client goes or the emulator closes. */
  start(request: FastifyRequest, reply: FastifyReply, query: Omit<JournalFilter, 'limit'>): FastifyReply {
    if (this.open.size >= MAX_STREAMS) {
      throw new ApiError('RATE_LIMITED', `at most ${MAX_STREAMS} journal streams may be open at once; close one first`);
    }
    const filter: JournalFilter = { ...query, after: resumeAfter(request, query.after) };
    const stream = new PassThrough();
    const send = (text: string) => {
      if (stream.destroyed) return;
      if (stream.writableLength > MAX_BUFFERED) stream.destroy();
      else stream.write(text);
    };
    // The client retries after 2 s when the connection drops. The replay is bounded by the ring.
    stream.write('retry: 2000\n: journal stream\n\n');
    if (filter.after !== undefined) for (const entry of this.app.journal.entries(filter)) stream.write(event(entry));
    const live: JournalFilter = { ...filter, after: undefined };
    const unsubscribe = this.app.journal.subscribe((entry) => {
      if (entryMatches(entry, live)) send(event(entry));
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    this.open.add(stream);
    stream.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      this.open.delete(stream);
    });
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-accel-buffering', 'no')
      .send(stream);
  }

  /** Ends every stream, so closing the emulator does not wait for clients to hang up. */
  closeAll(): void {
    for (const stream of this.open) stream.end();
  }
}
