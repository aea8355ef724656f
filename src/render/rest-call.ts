// A generator of the snippet model (src/snippet/model.ts): a request block as the HTTP call it is, method and
// URL, headers (credentials described, never shown), and the body.
import { stepUrl } from '../plan/request-plan.js';
import type { CredentialModel, RequestBlock } from '../snippet/model.js';

/** How the Authorization (or TLS client) credential of a request is described without its value. */
export function authDescription(creds: CredentialModel): string[] {
  const lines: string[] = [];
  if (creds.authScheme === 'bearer') lines.push('Authorization: Bearer $TOKEN');
  else if (creds.authScheme === 'basic') lines.push('Authorization: Basic base64($USERNAME:$PASSWORD)');
  for (const [k, v] of creds.impersonation) lines.push(`${k}: ${v}`);
  return lines;
}

/** Lines: "GET https://…", header lines, and a body summary. */
export function restCallLines(block: RequestBlock, creds: CredentialModel): string[] {
  const lines = [`${block.method} ${stepUrl(creds.server.url, block.url)}`];
  for (const [k, v] of block.headers) lines.push(`${k}: ${v}`);
  lines.push(...authDescription(creds));
  if (creds.tlsClientCertificate) lines.push('(TLS client certificate $CERT)');
  const body = block.body?.text;
  if (body !== undefined) lines.push(`(body: ${Buffer.byteLength(body)} bytes${body.endsWith('\n') ? ', ends with a newline' : ''})`);
  return lines;
}

/** The full REST call, with the body, as a block of text. */
export function renderRestCall(block: RequestBlock, creds: CredentialModel): string {
  const lines = restCallLines(block, creds).filter((l) => !l.startsWith('(body'));
  let out = lines.join('\n') + '\n';
  const body = block.body?.text;
  if (body !== undefined) out += '\n' + body + (body.endsWith('\n') ? '' : '\n');
  return out;
}
