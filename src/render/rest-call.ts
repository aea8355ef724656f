// Renders a request step as the HTTP call it is: method and URL, headers (credentials described,
// never shown), and the body.
import { impersonationHeaders } from '../http/impersonation.js';
import type { Credentials } from '../kube/credentials-types.js';
import { type RequestStep, stepUrl } from '../plan/request-plan.js';

/** How the Authorization (or TLS client) credential of a request is described without its value. */
export function authDescription(creds: Credentials): string[] {
  const lines: string[] = [];
  if (creds.token) lines.push('Authorization: Bearer $TOKEN');
  else if (creds.basic) lines.push('Authorization: Basic base64($USERNAME:$PASSWORD)');
  for (const [k, v] of impersonationHeaders(creds.impersonate)) lines.push(`${k}: ${v}`);
  return lines;
}

/** Lines: "GET https://…", header lines, and a body summary. */
export function restCallLines(step: RequestStep, creds: Credentials, options: { reveal: boolean }): string[] {
  const lines = [`${step.method} ${stepUrl(creds.server.value, step)}`];
  for (const [k, v] of step.headers) lines.push(`${k}: ${v}`);
  if (!options.reveal) lines.push(...authDescription(creds));
  if (creds.clientCert) lines.push('(TLS client certificate $CERT)');
  if (step.body !== undefined) lines.push(`(body: ${Buffer.byteLength(step.body)} bytes${step.body.endsWith('\n') ? ', ends with a newline' : ''})`);
  return lines;
}

/** The full REST call, with the body, as a block of text. */
export function renderRestCall(step: RequestStep, creds: Credentials): string {
  const lines = restCallLines(step, creds, { reveal: false }).filter((l) => !l.startsWith('(body'));
  let out = lines.join('\n') + '\n';
  if (step.body !== undefined) out += '\n' + step.body + (step.body.endsWith('\n') ? '' : '\n');
  return out;
}
