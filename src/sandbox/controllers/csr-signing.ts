// The csrsigning controller (pkg/controller/certificates/signer): an approved CertificateSigningRequest for one of
// the kubernetes.io signers gets its certificate, signed by the cluster CA, in status.certificate; a request
// it cannot sign gets a Failed condition. Valid for the requested expirationSeconds, else a year
// (--cluster-signing-duration's default).
import { rfc3339 } from '../object-meta.js';
import type { StoreEvent } from '../store.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { records, spec, status } from './util.js';

const GROUP = 'certificates.k8s.io';
const RESOURCE = 'certificatesigningrequests';
const SIGNERS = ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving'];
const YEAR_SECONDS = 365 * 24 * 3600;

export class CsrSigningController implements Controller {
  readonly name = 'csrsigning';
  readonly #ctx: ControllerContext;
  readonly #sign: (requestPem: string, usages: string[], validSeconds: number) => string;

  constructor(ctx: ControllerContext, sign: (requestPem: string, usages: string[], validSeconds: number) => string) {
    this.#ctx = ctx;
    this.#sign = sign;
  }

  keysFor(e: StoreEvent): string[] {
    return e.group === GROUP && e.resource === RESOURCE && e.type !== 'DELETED' ? [e.object.metadata.name] : [];
  }

  initialKeys(): string[] {
    return this.#ctx.list(GROUP, RESOURCE).map((c) => c.metadata.name);
  }

  sync(name: string): void {
    const csr = this.#ctx.get(GROUP, RESOURCE, undefined, name);
    if (!csr) return;
    const st = status(csr);
    const types = records(st.conditions).map((c) => c.type);
    if (!types.includes('Approved') || types.includes('Denied') || types.includes('Failed') || st.certificate) return;
    const sp = spec(csr);
    if (!SIGNERS.includes(String(sp.signerName))) return;
    const validSeconds = typeof sp.expirationSeconds === 'number' ? Math.min(sp.expirationSeconds, YEAR_SECONDS) : YEAR_SECONDS;
    let certificate: string;
    try {
      certificate = this.#sign(Buffer.from(String(sp.request ?? ''), 'base64').toString('latin1'), (sp.usages as string[] | undefined) ?? [], validSeconds);
    } catch (e) {
      const now = rfc3339(this.#ctx.now());
      const failed = {
        type: 'Failed',
        status: 'True',
        reason: 'SignerValidationFailure',
        message: (e as Error).message,
        lastUpdateTime: now,
        lastTransitionTime: now,
      };
      this.#ctx.updateStatus(GROUP, RESOURCE, csr, { ...st, conditions: [...records(st.conditions), failed] });
      return;
    }
    this.#ctx.updateStatus(GROUP, RESOURCE, csr, { ...st, certificate: Buffer.from(certificate).toString('base64') });
  }
}
