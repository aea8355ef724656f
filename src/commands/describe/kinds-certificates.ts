// kubectl's CertificateSigningRequest describer (staging/src/k8s.io/kubectl/pkg/describe/describe.go,
// describeCertificateSigningRequest): the request's PKCS#10 subject and subject alternative names, read with a
// small DER walker (what Go's x509.ParseCertificateRequest and pkix.Name give the describer), and the status.
import { inputError } from '../../errors.js';
import { type Describer, arr, ownObject, refOf, searchEvents } from './context.js';
import { describeEvents, formatLabels, rfc1123z } from './fields.js';
import { LEVEL_0, type PrefixWriter, tabbedString } from './prefix-writer.js';
import { humanDuration } from '../../output/age.js';

interface Tlv {
  tag: number;
  body: Buffer;
}

/** The TLVs one after another in `buf` (definite lengths only, as DER has). */
function tlvs(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const tag = buf[pos++];
    let len = buf[pos++];
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw new Error('unsupported length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[pos++];
    }
    if (pos + len > buf.length) throw new Error('truncated');
    out.push({ tag, body: buf.subarray(pos, pos + len) });
    pos += len;
  }
  return out;
}

function oid(body: Buffer): string {
  const parts = [Math.floor(body[0] / 40), body[0] % 40];
  let v = 0;
  for (const b of body.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** net.IP.String(): dotted quad, or RFC 5952 (the longest run of zero groups as ::). */
function ipString(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  if (b.length !== 16) return `?${b.toString('hex')}`;
  const groups = Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return [...b.subarray(12)].join('.');
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export interface CertificateRequestView {
  subject: Record<string, string[]>;
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  ipAddresses: string[];
}

const SUBJECT_OIDS: Record<string, string> = {
  '2.5.4.3': 'commonName',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'country',
  '2.5.4.7': 'locality',
  '2.5.4.8': 'province',
  '2.5.4.9': 'streetAddress',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.17': 'postalCode',
};

/** certificate.ParseCSR: a PEM "CERTIFICATE REQUEST" block, its subject and SANs. */
export function parseCertificateRequest(pem: string): CertificateRequestView {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (m?.[1] !== 'CERTIFICATE REQUEST') throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const der = Buffer.from(m[2].replace(/\s+/g, ''), 'base64');
  const [request] = tlvs(der);
  const [info] = tlvs(request.body);
  const [, subjectTlv, , ...rest] = tlvs(info.body);
  const view: CertificateRequestView = { subject: {}, dnsNames: [], emailAddresses: [], uris: [], ipAddresses: [] };
  for (const rdn of tlvs(subjectTlv.body)) {
    for (const attr of tlvs(rdn.body)) {
      const [type, value] = tlvs(attr.body);
      const field = SUBJECT_OIDS[oid(type.body)];
      if (!field) continue;
      if (field === 'commonName' || field === 'serialNumber') view.subject[field] = [value.body.toString('utf8')];
      else (view.subject[field] ??= []).push(value.body.toString('utf8'));
    }
  }
  const attributes = rest.find((t) => t.tag === 0xa0);
  for (const attribute of attributes ? tlvs(attributes.body) : []) {
    const [type, values] = tlvs(attribute.body);
    if (oid(type.body) !== '1.2.840.113549.1.9.14') continue;
    for (const extensions of tlvs(values.body)) {
      for (const ext of tlvs(extensions.body)) {
        const parts = tlvs(ext.body);
        if (oid(parts[0].body) !== '2.5.29.17') continue;
        const [names] = tlvs(parts[parts.length - 1].body);
        for (const name of tlvs(names.body)) {
          if (name.tag === 0x82) view.dnsNames.push(name.body.toString('latin1'));
          else if (name.tag === 0x81) view.emailAddresses.push(name.body.toString('latin1'));
          else if (name.tag === 0x86) view.uris.push(name.body.toString('latin1'));
          else if (name.tag === 0x87) view.ipAddresses.push(ipString(name.body));
        }
      }
    }
  }
  return view;
}

/** extractCSRStatus: Denied, else Approved, else Pending; then ,Failed and ,Issued. */
export function csrStatus(conditions: string[], certificate: unknown): string {
  let status = conditions.includes('Denied') ? 'Denied' : conditions.includes('Approved') ? 'Approved' : 'Pending';
  if (conditions.includes('Failed')) status += ',Failed';
  if (typeof certificate === 'string' && certificate.length > 0) status += ',Issued';
  return status;
}

const printList = (w: PrefixWriter, prefix: string, name: string, values: string[] | undefined) => {
  if (!values?.length) return;
  w.write(LEVEL_0, `${prefix}${name}:\t`);
  w.write(LEVEL_0, values.join(`\n${prefix}\t`));
  w.write(LEVEL_0, '\n');
};

const certificateSigningRequest: Describer = async (ctx) => {
  const csr = await ownObject(ctx);
  const spec = csr.spec ?? {};
  let view: CertificateRequestView;
  try {
    view = parseCertificateRequest(Buffer.from(String(spec.request ?? ''), 'base64').toString('latin1'));
  } catch (e) {
    throw inputError(`Error parsing CSR: ${(e as Error).message}`);
  }
  const status = csrStatus(
    arr(csr.status?.conditions).map((c) => String(c.type ?? '')),
    csr.status?.certificate,
  );
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(csr, 'CertificateSigningRequest')) : undefined;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${csr.metadata?.name}\n`);
    w.write(LEVEL_0, `Labels:\t${formatLabels(csr.metadata?.labels)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(csr.metadata?.annotations)}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(csr.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Requesting User:\t${spec.username ?? ''}\n`);
    if (spec.signerName) w.write(LEVEL_0, `Signer:\t${spec.signerName}\n`);
    if (typeof spec.expirationSeconds === 'number') w.write(LEVEL_0, `Requested Duration:\t${humanDuration(spec.expirationSeconds * 1000)}\n`);
    w.write(LEVEL_0, `Status:\t${status}\n`);
    w.write(LEVEL_0, 'Subject:\n');
    w.write(LEVEL_0, `\tCommon Name:\t${view.subject.commonName?.[0] ?? ''}\n`);
    w.write(LEVEL_0, `\tSerial Number:\t${view.subject.serialNumber?.[0] ?? ''}\n`);
    printList(w, '\t', 'Organization', view.subject.organization);
    printList(w, '\t', 'Organizational Unit', view.subject.organizationalUnit);
    printList(w, '\t', 'Country', view.subject.country);
    printList(w, '\t', 'Locality', view.subject.locality);
    printList(w, '\t', 'Province', view.subject.province);
    printList(w, '\t', 'StreetAddress', view.subject.streetAddress);
    printList(w, '\t', 'PostalCode', view.subject.postalCode);
    if (view.dnsNames.length + view.emailAddresses.length + view.ipAddresses.length + view.uris.length > 0) {
      w.write(LEVEL_0, 'Subject Alternative Names:\n');
      printList(w, '\t', 'DNS Names', view.dnsNames);
      printList(w, '\t', 'Email Addresses', view.emailAddresses);
      printList(w, '\t', 'URIs', view.uris);
      printList(w, '\t', 'IP Addresses', view.ipAddresses);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

export const CERTIFICATE_DESCRIBERS: Record<string, Describer> = {
  'certificates.k8s.io/CertificateSigningRequest': certificateSigningRequest,
};
