// kcurl's own seam between the executor (headers, credentials, -v logging, recording, error wording) and
// whatever moves the bytes: node:https (node-transport.ts) or undici (undici-transport.ts) in production, a registry of
// canned answers in tests.
// Types only, so importing this costs nothing at start-up.
import type { Duplex, Readable } from 'node:stream';
import type { Credentials } from '../kube/credentials-types.js';

export interface TransportRequest {
  method: string;
  /** Absolute URL: server, path and query. */
  url: string;
  /**
   * Header pairs in the order they are sent, names lower-cased. Values are the bytes on the wire, one char per
   * byte (latin1), the way Node presents received headers: UTF-8 text arrives here already encoded that way.
   */
  headers: [string, string][];
  /** Bytes or text, or a stream passed on as it arrives (a proxied upload). */
  body?: string | Uint8Array | Readable;
  /** Aborting it fails a pending request, or ends a stream's chunks. */
  signal?: AbortSignal;
  /** --request-timeout in ms (0 or absent: none): bounds the wait for the response head, and for send() the body too. */
  timeoutMs?: number;
}

export interface TransportHead {
  status: number;
  /** Response header pairs as received, names lower-cased, repeated headers repeated. */
  headers: [string, string][];
}

/** A buffered answer (send). */
export interface TransportResponse extends TransportHead {
  body: string;
}

/** An answer read as it arrives (stream): watches, follows, relayed bodies. */
export interface TransportStream extends TransportHead {
  chunks: AsyncIterable<Uint8Array>;
  /**
   * Stops the answer where it is and lets go of its connection: a chunk being waited for fails instead of
   * arriving. What a relay calls when its client goes away, without the cost of an AbortSignal per request.
   */
  cancel(): void;
}

/** Where a pushed body goes (PushedStream.pipe): each chunk as it arrives, then its end. */
export interface ChunkSink {
  /** A chunk; false when the reader is full: nothing more comes until resume(). */
  data(chunk: Uint8Array): boolean;
  /** The body ended, or broke (err); once, also after cancel() (without an error then). */
  end(err?: unknown): void;
}

/**
 * An answer whose body is pushed to its reader (relays): no stream object, async iterator or promise per chunk
 * between the API server's connection and the client's socket (docs/benchmarks.md, "proxy CPU, 2026-12-08").
 */
export interface PushedStream extends TransportHead {
  /** Starts the body's flow into the sink (once); what arrived before waits for it. */
  pipe(sink: ChunkSink): void;
  /** More after the sink said it was full. */
  resume(): void;
  /** As TransportStream.cancel; a piped sink then ends without an error. */
  cancel(): void;
}

export interface TransportUpgrade {
  headers: [string, string][];
  socket: Duplex;
}

export interface Transport {
  send(req: TransportRequest): Promise<TransportResponse>;
  stream(req: TransportRequest): Promise<TransportStream>;
  /** stream() with the body pushed (kcurl proxy, record, replay); transports without it are adapted (pushed-stream.ts). */
  relay?(req: TransportRequest): Promise<PushedStream>;
  /** HTTP upgrade (exec, attach, port-forward through kcurl proxy); transports without sockets leave it out. */
  upgrade?(req: TransportRequest & { protocol: string }): Promise<TransportUpgrade>;
  /**
   * An upgrade a client makes itself (kcurl exec, attach): the socket on 101, else the server's buffered answer
   * (its Status says why: a missing container, a forbidden verb). Transports without sockets leave it out.
   */
  upgradeOrAnswer?(req: TransportRequest & { protocol: string }): Promise<(TransportUpgrade & { status: 101 }) | TransportResponse>;
  close(): Promise<void>;
}

/** Builds the transport for one set of resolved credentials (TLS settings, proxy-url). */
export type TransportFactory = (creds: Credentials) => Transport | Promise<Transport>;
