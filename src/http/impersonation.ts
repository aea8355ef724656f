// The impersonation headers of a request (kubectl --as, --as-group, --as-uid and the kubeconfig user's as*
// fields), in the order client-go's impersonatingRoundTripper adds them: the one list the executor sends and the
// snippet and the REST call show.
import type { Credentials } from '../kube/credentials-types.js';

// net/http isTokenTable, as client-go's transport copies it for extra keys: bytes legal in a header name.
const TOKEN_BYTE = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]$/;

/**
 * client-go headerKeyEscape: an Impersonate-Extra-<key> header name carries the key with every byte that is
 * not legal in a header name, and '%', written as %XX (the server reads it back with url.PathUnescape).
 */
export function headerKeyEscape(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && TOKEN_BYTE.test(c) && c !== '%' ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** [name, value] pairs: Impersonate-User, Impersonate-Uid, each Impersonate-Group, each Impersonate-Extra-<key>. */
export function impersonationHeaders(imp: Credentials['impersonate']): [string, string][] {
  if (!imp?.user) return [];
  const out: [string, string][] = [['Impersonate-User', imp.user]];
  if (imp.uid) out.push(['Impersonate-Uid', imp.uid]);
  for (const g of imp.groups) out.push(['Impersonate-Group', g]);
  for (const [k, vs] of Object.entries(imp.extra)) for (const v of vs) out.push([`Impersonate-Extra-${headerKeyEscape(k)}`, v]);
  return out;
}

/**
 * Go's httpguts.ValidHeaderFieldValue: no control character other than tab. A value that fails it makes kubectl
 * stop with `net/http: invalid header field value for "NAME"`; bytes from 0x80 up (UTF-8) are sent as they are.
 */
export function validHeaderValue(value: string): boolean {
  return !/[\x00-\x08\x0a-\x1f\x7f]/.test(value);
}

/**
 * A header value as undici must be given it to put kubectl's bytes on the wire: undici writes header strings as
 * latin1, so UTF-8 text (a non-ASCII --as) is handed over as its UTF-8 bytes, one char per byte.
 */
export function wireHeaderValue(value: string): string {
  return /^[\x00-\x7f]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1');
}
