// Types for the undici modules kcurl loads by path (src/http/undici-core.ts) instead of through undici's index,
// which would also load fetch, WebSocket, the cache stores and the mock agents. They are undici's own classes,
// typed by undici's published declarations.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export = Agent;
}
declare module 'undici/lib/dispatcher/proxy-agent.js' {
  import { ProxyAgent } from 'undici';
  export = ProxyAgent;
}
declare module 'undici/lib/dispatcher/dispatcher.js' {
  import { Dispatcher } from 'undici';
  export = Dispatcher;
}
declare module 'undici/lib/api/index.js' {
  import type { Dispatcher } from 'undici';
  export const request: Dispatcher['request'];
  export const stream: Dispatcher['stream'];
  export const pipeline: Dispatcher['pipeline'];
  export const upgrade: Dispatcher['upgrade'];
  export const connect: Dispatcher['connect'];
}
declare module 'undici/lib/core/util.js' {
  export function parseURL(url: string | URL): URL;
  /** Raw header buffers (name, value, …) as a record: names lower-cased, repeats as arrays. */
  export function parseHeaders(headers: Buffer[]): Record<string, string | string[]>;
}
declare module 'undici/lib/core/errors.js' {
  export { errors } from 'undici';
  import { errors } from 'undici';
  export const RequestAbortedError: typeof errors.RequestAbortedError;
}
declare module 'undici/lib/core/connect.js' {
  import { buildConnector } from 'undici';
  export = buildConnector;
}
