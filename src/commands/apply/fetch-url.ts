// Downloads a manifest given as -f http(s)://… (kubectl's resource builder reads URLs with a plain GET, no
// cluster credentials). Uses the runtime's fetch: the request is not an API call, so it does not go through
// the executor, and no credential is ever attached to it. Reading stops a byte past maxBytes (the reader
// refuses a longer body), so a huge or endless answer is not held in memory.
export async function fetchManifestUrl(url: string, maxBytes: number): Promise<{ status: number; statusText?: string; body: Buffer }> {
  const res = await fetch(url, { redirect: 'follow' });
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (res.body) {
    for await (const chunk of res.body) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length > maxBytes) break; // leaving the loop cancels the rest of the body
    }
  }
  return { status: res.status, statusText: res.statusText, body: Buffer.concat(chunks) };
}
