// Comparing continue tokens across two runs against one sandbox.

/**
 * A continue token as data with its rv hidden. The token is the server's base64 JSON {v, rv, start}: rv is the
 * list's resourceVersion, which any write to the sandbox between two runs (a controller's status update) moves
 * on; where the next page starts must still be equal.
 */
export function continueWithoutRv(token: string): string {
  let decoded: Record<string, unknown>;
  try {
    decoded = JSON.parse(Buffer.from(decodeURIComponent(token), 'base64').toString('utf8')) as Record<string, unknown>;
  } catch {
    return token; // not the server's JSON token: compared as it is
  }
  return JSON.stringify({ ...decoded, rv: '<the list resourceVersion>' });
}
