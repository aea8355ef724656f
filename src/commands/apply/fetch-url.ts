// Downloads a manifest given as -f http(s)://… (kubectl's resource builder reads URLs with a plain GET, no
// cluster credentials). Uses the runtime's fetch: the request is not an API call, so it does not go through
// the executor, and no credential is ever attached to it.
export async function fetchManifestUrl(url: string): Promise<{ status: number; statusText?: string; body: Buffer }> {
  const res = await fetch(url, { redirect: 'follow' });
  return { status: res.status, statusText: res.statusText, body: Buffer.from(await res.arrayBuffer()) };
}
