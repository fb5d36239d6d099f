// Types of switchboard-client.js, served beside it by every gateway at GET /switchboard-client.d.ts.

/** What a client is doing. `closed` is for good: after close() or a terminal close code. */
export type ClientState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A message as WebSocket sends it. */
export type Message = string | ArrayBuffer | ArrayBufferView | Blob;

/** What send() did with a message. */
export type SendOutcome = 'sent' | 'queued' | 'refused';

export interface ClientOptions {
  /** Gateway WebSocket URLs, tried in this order as a ring (ws:, wss:, http:, https:, or relative to the page). */
  urls: string[];
  /** Sent as the `token` query parameter; a function is called before every attempt. */
  token?: string | null | (() => string | null | Promise<string | null>);
  /** Ceiling of the first reconnect delay, ms (default 500). */
  initialDelay?: number;
  /** Largest ceiling of a reconnect delay, ms (default 10000). */
  maxDelay?: number;
  /** Growth of the ceiling per failed attempt (default 2; at least 1). */
  factor?: number;
  /** An attempt not open within this is given up, ms (default 10000). */
  connectTimeout?: number;
  /** Sends heartbeatMessage when nothing was sent for this long, ms (default 0: off). */
  heartbeatInterval?: number;
  /** The heartbeat's text (default none; required with heartbeatInterval). */
  heartbeatMessage?: string | null;
  /** A connection that received nothing for this long is dropped as dead, ms (default 0: off). */
  deadAfter?: number;
  /** Most messages queued while not connected (default 100). */
  maxQueued?: number;
  /** Most bytes (UTF-8 for text) queued while not connected (default 1048576). */
  maxQueuedBytes?: number;
  /** The WebSocket constructor (default globalThis.WebSocket). */
  WebSocket?: new (url: string) => WebSocket;
}

export interface ClientEvents {
  open: { url: string };
  /** A string for a text message, an ArrayBuffer for a binary one. */
  message: string | ArrayBuffer;
  /** Once after every open; code 1006 with a reason when deadAfter dropped the connection. */
  close: { code: number; reason: string; wasClean: boolean; url: string; willRetry: boolean };
  /** attempt counts failures since the last open (1 for the first); url is the one it will try. */
  reconnecting: { attempt: number; delay: number; url: string };
  /** An attempt that failed, or a token function that threw or rejected. */
  error: Error;
  /** A message refused because the queue was full, or discarded from it by a close for good. */
  overflow: { data: Message; reason: 'full' | 'closed' };
}

export const DEFAULTS: Readonly<Required<Omit<ClientOptions, 'urls' | 'token' | 'WebSocket'>>>;

/** Whether a close code means "do not reconnect": 1008, or 4000 to 4499 (4500 to 4999 are retried). */
export function isTerminalClose(code: number): boolean;

/** Full jitter: uniform in [0, min(maxDelay, initialDelay * factor^(attempt-1))). */
export function backoffDelay(
  attempt: number,
  options: { initialDelay: number; maxDelay: number; factor: number },
  random?: () => number,
): number;

export class SwitchboardClient {
  /** Connects at once. Throws TypeError for bad options. */
  constructor(options: ClientOptions);
  readonly state: ClientState;
  /** The URL of the connection or attempt (while reconnecting: of the next one), without token. */
  readonly url: string;
  /** Messages waiting for a connection. */
  readonly queued: number;
  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof ClientEvents>(type: K, listener: (value: ClientEvents[K]) => void): () => void;
  off<K extends keyof ClientEvents>(type: K, listener: (value: ClientEvents[K]) => void): void;
  /** Sends now when open, queues while not, refuses when closed or the queue is full (overflow). */
  send(data: Message): SendOutcome;
  /** While waiting to reconnect, tries at once. */
  retryNow(): void;
  /** Closes for good (code 1000 or 3000 to 4999); queued messages are reported as overflow 'closed'. */
  close(code?: number, reason?: string): void;
}

/** new SwitchboardClient(options). */
export function connect(options: ClientOptions): SwitchboardClient;
