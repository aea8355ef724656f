// Reads the objects of `-f FILE|DIR|-|URL` (and -R) the way kubectl's resource builder does: directories
// list files with .json/.yaml/.yml extensions (recursing with -R), `-` is standard input, http(s) URLs are
// downloaded; every document is decoded (YAML 1.1 or JSON, go-yaml's alias limit included), empty documents are
// skipped, and `List` kinds are flattened into their items. A source is read up to MAX_SOURCE_BYTES; every
// failure is one line in kubectl's words, with kcurl's hint.
import path from 'node:path';
import { inputError, KcurlError, usageError } from '../errors.js';
import { hostnameMismatchText, type TlsProblem, tlsFailure } from '../http/tls-failure.js';
import type { Io } from '../io.js';
import { describeFsError } from '../kube/kubeconfig.js';
import type { JsonValue } from './yaml11.js';

export type ManifestObject = Record<string, JsonValue> & { apiVersion: string; kind: string; metadata?: Record<string, JsonValue> };

export interface ManifestItem {
  /** Where it came from, as kubectl names it in messages: the path given, "STDIN", or the URL. */
  source: string;
  object: ManifestObject;
  /** The YAML document's text as written (absent for JSON sources and items of a List). */
  raw?: string;
}

export interface ReadOptions {
  filenames: string[];
  recursive: boolean;
  /**
   * Downloads a URL's bytes (injected; the CLI passes one built on fetch). It may stop reading once the body is
   * longer than maxBytes: a longer body is refused anyway.
   */
  fetchUrl?: (url: string, maxBytes: number) => Promise<{ status: number; statusText?: string; body: Buffer }>;
}

// kubectl: resource.FileExtensions
const EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * The most kcurl reads from one source. kubectl has no limit; a manifest this large (hundreds of thousands of
 * objects) is beyond what a workshop CLI should hold in memory, and splitting it into files is easy.
 */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

type Source = { kind: 'stdin' } | { kind: 'url'; url: string } | { kind: 'file'; shown: string; full: string; size: number };

/**
 * Every object of every -f source, in kubectl's order (sources as given, directory entries sorted). Like
 * kubectl's builder, every path is checked and every directory listed before any file is read.
 */
export async function readManifests(io: Io, opts: ReadOptions): Promise<ManifestItem[]> {
  if (opts.filenames.length === 0) throw usageError('must specify one of -f and -k', 'e.g. kcurl apply -f pod.yaml');
  const sources: Source[] = [];
  let stdinUsed = false;
  for (const name of opts.filenames) {
    if (name === '-') {
      if (stdinUsed) throw usageError('-f - (standard input) may be given only once');
      stdinUsed = true;
      sources.push({ kind: 'stdin' });
      continue;
    }
    if (/^https?:\/\//.test(name)) {
      sources.push({ kind: 'url', url: name });
      continue;
    }
    const full = path.resolve(io.cwd, name);
    const st = await io.stat(full);
    if (!st) throw inputError(`the path "${name}" does not exist`);
    if (!st.isDirectory) {
      sources.push({ kind: 'file', shown: name, full, size: st.size });
      continue;
    }
    const files = await listDirectory(io, full, name, opts.recursive);
    if (files.length === 0) {
      // kubectl's builder: "error reading %v: recognized file extensions are %v"
      throw inputError(
        `error reading [${name}]: recognized file extensions are [${EXTENSIONS.join(' ')}]`,
        `${name} holds no ${EXTENSIONS.join(', ')} file${opts.recursive ? ' (in any subdirectory either)' : '; add -R to read its subdirectories too'}`,
      );
    }
    sources.push(...files);
  }
  const items: ManifestItem[] = [];
  try {
    await readSources(io, opts, sources, items);
  } catch (e) {
    if (e instanceof KcurlError && !(e instanceof SourceError)) throw new SourceError(e.code, e.message, { hint: e.hint, cause: e.cause });
    throw e;
  }
  return items;
}

/**
 * A failure met while reading or decoding a source (kubectl's visitors), as opposed to checking the paths
 * given: kubectl describe prints these without "error: ".
 */
export class SourceError extends KcurlError {}

/** -k DIR: kcurl has no kustomize; every command that takes -k refuses it with this one line. */
export function kustomizeRefused(command: string): KcurlError {
  return usageError('-k (kustomize) is not supported by kcurl', `render with \`kubectl kustomize DIR > out.yaml\`, then kcurl ${command} -f out.yaml`);
}

async function readSources(io: Io, opts: ReadOptions, sources: Source[], items: ManifestItem[]): Promise<void> {
  // The YAML decoder (and the yaml package) load with the first source: commands that import this module for its
  // helpers (delete without -f) never load them.
  const { decodeSource } = await import('./decode.js');
  for (const source of sources) {
    if (source.kind === 'stdin') items.push(...decodeSource('STDIN', sourceText('STDIN', await io.readStdin(MAX_SOURCE_BYTES))));
    else if (source.kind === 'url') items.push(...decodeSource(source.url, sourceText(source.url, await download(source.url, opts))));
    else {
      checkSize(source.shown, source.size); // before reading it
      items.push(...decodeSource(source.shown, sourceText(source.shown, await readBytes(io, source.full, source.shown))));
    }
  }
}

/** The text of a source's bytes; a source larger than MAX_SOURCE_BYTES is refused. */
function sourceText(shown: string, bytes: Buffer): string {
  checkSize(shown, bytes.length);
  return bytes.toString('utf8');
}

function checkSize(shown: string, length: number): void {
  if (length <= MAX_SOURCE_BYTES) return;
  throw inputError(
    `error reading ${shown}: larger than the ${MAX_SOURCE_BYTES / 1024 / 1024} MiB kcurl reads from one source`,
    'split the manifests into several files and pass them (or their directory) with -f',
  );
}

async function readBytes(io: Io, full: string, shown: string): Promise<Buffer> {
  try {
    return await io.readFile(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' || code === 'EPERM' ? `check who may read it: ls -l ${shown}` : undefined;
    throw inputError(`open ${shown}: ${describeFsError(e as NodeJS.ErrnoException)}`, hint);
  }
}

/** Files of a directory with manifest extensions (subdirectories only with -R), in lexical order like filepath.Walk. */
async function listDirectory(io: Io, full: string, shown: string, recursive: boolean): Promise<Source[]> {
  const out: Source[] = [];
  const entries = (await io.readdir(full)).sort();
  for (const entry of entries) {
    const childFull = path.join(full, entry);
    const childShown = path.join(shown, entry);
    const st = await io.stat(childFull);
    if (!st) continue;
    if (st.isDirectory) {
      if (recursive) out.push(...(await listDirectory(io, childFull, childShown, recursive)));
      continue;
    }
    if (EXTENSIONS.includes(path.extname(entry))) out.push({ kind: 'file', shown: childShown, full: childFull, size: st.size });
  }
  return out;
}

async function download(url: string, opts: ReadOptions): Promise<Buffer> {
  if (!opts.fetchUrl) throw usageError(`cannot read ${url}: downloading manifests is not available here`);
  let res: { status: number; statusText?: string; body: Buffer };
  try {
    res = await opts.fetchUrl(url, MAX_SOURCE_BYTES);
  } catch (e) {
    throw downloadError(url, e);
  }
  // kubectl: "unable to read URL %q, server reported %s, status code=%d" (%s: the status line, "404 Not Found")
  if (res.status !== 200) {
    const line = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
    throw new KcurlError('KCURL_NETWORK', `unable to read URL "${url}", server reported ${line}, status code=${res.status}`);
  }
  return res.body;
}

/**
 * A failed download in kubectl's words (its HTTP client's error through CheckErr: "Unable to connect to the
 * server: tls: failed to verify certificate: x509: …", "The connection to the server … was refused …"), with
 * the certificate problem named in the hint.
 */
function downloadError(url: string, err: unknown): KcurlError {
  const { host, hostname } = new URL(url);
  const tls = tlsFailure(err);
  if (tls) {
    const x509 = tls.problem === 'hostname mismatch' && tls.cause.cert ? hostnameMismatchText(hostname, tls.cause.cert.subjectaltname) : tls.x509;
    const advice: Record<TlsProblem, string> = {
      'unknown authority': `is not signed by an authority this machine trusts (unknown authority: ${tls.cause.message}); trust its CA with NODE_EXTRA_CA_CERTS=ca.pem, or download the file another way and pass -f FILE`,
      'hostname mismatch': `does not name ${hostname} (hostname mismatch); use a URL with a host name the certificate lists`,
      expired: `is expired or not valid yet (${tls.cause.message}); download the file another way and pass -f FILE`,
    };
    return new KcurlError('KCURL_TLS', `Unable to connect to the server: tls: failed to verify certificate: ${x509}`, {
      hint: `the certificate of ${url} ${advice[tls.problem]}`,
      cause: err,
    });
  }
  const cause = ((err as { cause?: unknown })?.cause ?? err) as NodeJS.ErrnoException;
  if (cause?.code === 'ECONNREFUSED') {
    return new KcurlError('KCURL_NETWORK', `The connection to the server ${host} was refused - did you specify the right host or port?`, {
      hint: `nothing listens at ${url}`,
      cause: err,
    });
  }
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') {
    return new KcurlError('KCURL_NETWORK', `Unable to connect to the server: dial tcp: lookup ${hostname}: no such host`, {
      hint: `check the host name of ${url}`,
      cause: err,
    });
  }
  return new KcurlError('KCURL_NETWORK', `unable to read URL "${url}", server reported ${cause?.message ?? String(err)}`, { cause: err });
}

/** group and version of an apiVersion ("apps/v1" → ["apps", "v1"], "v1" → ["", "v1"]). */
export function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

export function objectName(o: ManifestObject): string {
  const n = o.metadata?.name;
  return typeof n === 'string' ? n : '';
}

export function objectNamespace(o: ManifestObject): string {
  const n = o.metadata?.namespace;
  return typeof n === 'string' ? n : '';
}
