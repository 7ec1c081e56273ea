// The one server-sent events writer (live screen, notifications, KPI values): the headers, the
// reconnection delay, events with id/event/data, heartbeat comments while streams are open, and
// the end of every open stream when the app closes, so that shutdown never waits on a screen.
//
// A hub holds a set of streams. Create it with `sseHub(app, ...)` where the app is at hand (the
// hub ends its streams in the app's preClose hook), or with `new SseHub(...)` in a service whose
// module calls `hub.close()` from its own preClose hook.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { systemClock } from './context.ts';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Tells nginx not to buffer the stream.
  'x-accel-buffering': 'no',
} as const;

export interface SseEvent {
  /** The event name (EventSource listeners by name); absent: a `message`. */
  event?: string;
  id?: string | number;
  /** Sent as is when a string (one `data:` line per line), otherwise as JSON. */
  data: unknown;
}

/** The text of one event, ending with the blank line that dispatches it. */
export function formatSseEvent(e: SseEvent): string {
  let out = '';
  if (e.id !== undefined) out += `id: ${String(e.id).replace(/[\r\n]/g, '')}\n`;
  if (e.event !== undefined) out += `event: ${e.event.replace(/[\r\n]/g, '')}\n`;
  const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment line (ignored by EventSource; keeps proxies from closing an idle stream). */
export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

export interface SseStream {
  readonly res: ServerResponse;
  /** True once the client went away or the stream was ended. */
  readonly closed: boolean;
  send(e: SseEvent): void;
  comment(text: string): void;
  /** Ends the response (idempotent). */
  end(): void;
  /** Runs once when the stream closes, whichever side closed it. */
  onClose(fn: () => void): void;
}

export interface SseHubOptions {
  /** A heartbeat comment goes to every open stream this often; 0: none. */
  heartbeatMs: number;
  /** The time written in heartbeat comments (the app clock: `() => ctx.clock.now()`). */
  now?: () => Date;
}

export class SseHub {
  private readonly streams = new Set<SseStream>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(private readonly opts: SseHubOptions) {}

  /** Open streams. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Starts an event stream on a response the route handed over (`reply.hijack()`): writes the
   * headers and, when given, the client's reconnection delay.
   */
  open(res: ServerResponse, opts: { retryMs?: number } = {}): SseStream {
    res.writeHead(200, SSE_HEADERS);
    if (opts.retryMs !== undefined) res.write(`retry: ${opts.retryMs}\n\n`);
    const listeners: (() => void)[] = [];
    let closed = false;
    const closeOnce = () => {
      if (closed) return;
      closed = true;
      this.streams.delete(stream);
      this.timers();
      for (const fn of listeners.splice(0)) fn();
    };
    const stream: SseStream = {
      res,
      get closed() {
        return closed || res.writableEnded || res.destroyed;
      },
      send(e) {
        if (!this.closed) res.write(formatSseEvent(e));
      },
      comment(text) {
        if (!this.closed) res.write(formatSseComment(text));
      },
      end() {
        if (!res.writableEnded) res.end();
        closeOnce();
      },
      onClose(fn) {
        if (closed) fn();
        else listeners.push(fn);
      },
    };
    res.on('close', closeOnce);
    // HEAD asks for the headers only (Node sends none of a HEAD response until it ends), and the
    // app is closing: no new stream may keep it open.
    if (this.closing || res.req?.method === 'HEAD') {
      stream.end();
      return stream;
    }
    this.streams.add(stream);
    this.timers();
    return stream;
  }

  /** Every open stream. */
  [Symbol.iterator](): IterableIterator<SseStream> {
    return this.streams.values();
  }

  /** Sends an event to every open stream. */
  broadcast(e: SseEvent): void {
    for (const s of this.streams) s.send(e);
  }

  /** Ends every open stream and stops the heartbeat; streams opened afterwards end at once. */
  close(): void {
    this.closing = true;
    for (const s of [...this.streams]) s.end();
    this.streams.clear();
    this.timers();
  }

  private timers(): void {
    if (this.streams.size && !this.heartbeat && this.opts.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => {
        const at = (this.opts.now ?? systemClock.now)().toISOString();
        for (const s of this.streams) s.comment(`alive ${at}`);
      }, this.opts.heartbeatMs);
      this.heartbeat.unref();
    } else if (!this.streams.size && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }
}

/** A hub whose streams end when `app` closes (in preClose, before the server stops accepting). */
export function sseHub(app: FastifyInstance, opts: SseHubOptions): SseHub {
  const hub = new SseHub(opts);
  app.addHook('preClose', async () => hub.close());
  return hub;
}
