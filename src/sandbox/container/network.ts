// The pod's network as curl and wget see it: name resolution (cluster DNS: `kubernetes`, Services, pods) and
// HTTP(S) requests to what answers there. The kubelet provides it (workloads/pod-network.ts); the API server
// answers on the `kubernetes` Service with its real serving certificate, verified against the CA a program
// gives (`curl --cacert`). Failures are typed so each program words them as it does.

export interface HttpRequest {
  method: string;
  url: URL;
  headers: [string, string][];
  body?: Buffer;
  /** PEM bundle to verify the server with; undefined: the image's system CAs (which do not know the cluster CA). */
  ca?: string;
  /** Skip verification (`curl -k`, busybox wget). */
  insecure: boolean;
  signal: AbortSignal;
}

export interface HttpResponse {
  /** `1.1`. */
  httpVersion: string;
  status: number;
  statusText: string;
  /** As received, in order. */
  headers: [string, string][];
  body: Buffer;
  /** The peer's address (`10.96.0.1:443`). */
  remote: string;
}

export type NetworkErrorKind =
  /** The name does not resolve (curl 6). */
  | 'resolve'
  /** Nothing listens there (curl 7). */
  | 'connect'
  /** The certificate chain does not verify (curl 60); `detail` is OpenSSL's wording. */
  | 'certificate'
  /** The certificate does not name the host (curl 60). */
  | 'hostname'
  /** The TLS handshake failed otherwise (curl 35). */
  | 'tls'
  | 'timeout';

export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkErrorKind,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface PodNetwork {
  /** The address a name resolves to in the pod (an IP stays itself), or undefined. */
  resolve(host: string): string | undefined;
  /** Sends one request; throws NetworkError when it gets no HTTP answer. */
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Where on this machine an address of the pod's network is served (the API server), for programs that connect themselves. */
  hostAddress?(host: string, port: number): { host: string; port: number } | undefined;
}
