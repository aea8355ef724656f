// One line saying where a run's credentials came from — recorded with every exchange so a recording
// says which identity made it, without ever containing a credential value.
import type { CredentialSource, Credentials } from '../kube/credentials-types.js';

export function describeSource(source: CredentialSource): string {
  switch (source.kind) {
    case 'flag':
      return `flag --${source.flag}`;
    case 'kubeconfig':
      return `${source.entry === 'user' ? 'users' : source.entry === 'cluster' ? 'clusters' : 'contexts'}["${source.name}"].${source.entry}.${source.field} in ${source.file}`;
    case 'file':
      return `file ${source.path} (${source.via})`;
    case 'serviceaccount-mount':
      return `serviceaccount mount ${source.path}`;
    case 'service-env':
      return '$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT';
    case 'env':
      return `$${source.name}`;
    case 'secret':
      return `.data.token of Secret ${source.namespace}/${source.name}`;
    case 'exec':
      return `exec plugin ${source.command} of user "${source.user}"`;
    case 'default':
      return 'kubectl default';
  }
}

export function describeCredentials(creds: Credentials): string {
  const parts: string[] = [];
  if (creds.origin === 'in-cluster') parts.push('in-cluster serviceaccount');
  else if (creds.origin === 'kubeconfig') parts.push(`kubeconfig context "${creds.contextName ?? ''}"${creds.userName ? ` user "${creds.userName}"` : ''}`);
  else parts.push('no kubeconfig');
  if (creds.token) parts.push(`bearer token from ${describeSource(creds.token.source)}`);
  else if (creds.basic) parts.push(`basic auth password from ${describeSource(creds.basic.password.source)}`);
  if (creds.clientCert)
    parts.push(`client certificate from ${describeSource(creds.clientCert.cert.source)}, key from ${describeSource(creds.clientCert.key.source)}`);
  if (creds.impersonate?.user) parts.push(`impersonating "${creds.impersonate.user}"`);
  if (!creds.token && !creds.basic && !creds.clientCert) parts.push('no client credentials');
  return parts.join('; ');
}
