// Reading a server's error answer: a metav1.Status when it sent one, otherwise one built from the HTTP status.
import { ApiStatusError, type KubeStatus } from '../errors.js';

export function parseStatus(res: { status: number; body: string }): KubeStatus {
  try {
    const parsed = JSON.parse(res.body) as KubeStatus;
    if (parsed && parsed.kind === 'Status') return parsed;
  } catch {
    /* not JSON */
  }
  const text = res.body.trim();
  return {
    kind: 'Status',
    status: 'Failure',
    code: res.status,
    // kubectl: "the server responded with the status code 502 but did not return more information"
    message: text
      ? `an error on the server ("${text.slice(0, 200)}") has prevented the request from succeeding`
      : `the server responded with the status code ${res.status} but did not return more information`,
  };
}

/** Throws the server's Status as an ApiStatusError when the response is not 2xx. */
export function ensureOk(res: { status: number; body: string }): void {
  if (res.status >= 200 && res.status < 300) return;
  throw new ApiStatusError(res.status, parseStatus(res));
}
