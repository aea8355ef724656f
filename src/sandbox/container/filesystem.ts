// A container's filesystem, in memory, created once when the container starts and kept for its lifetime: the
// image's directories and a writable layer, files kubelet manages (/etc/hostname, /etc/hosts,
// /etc/resolv.conf) and the volumes kubelet mounts into it. A mounted volume's files are asked for when read,
// so downward API files follow label changes as kubelet's periodic sync makes them; an emptyDir is a store
// the pod's containers share and that outlives container restarts.

/** What the shell and utilities see of a filesystem. Paths are absolute and normalised. */
export interface ContainerFs {
  /** File contents, or undefined when there is no such file. */
  read(path: string): string | undefined;
  /** Writes (or appends to) a file; false when the path is read-only. */
  write(path: string, data: string, append: boolean): boolean;
  /** Entries of a directory, or undefined when it is not one. */
  list(path: string): string[] | undefined;
  /** Removes a file or an empty directory; false when it is read-only or a directory with entries. */
  remove?(path: string): boolean;
  /** Creates a directory; false when the path is read-only or a file. */
  mkdir?(path: string): boolean;
}

export interface Mount {
  /** Where it appears in the container (no trailing slash). */
  path: string;
  readOnly: boolean;
  /** The volume's files now (relative path → content); undefined while kubelet cannot set it up. */
  files?: () => ReadonlyMap<string, string> | undefined;
  /** A writable volume's contents (emptyDir), shared with the pod's other containers. */
  store?: Map<string, string>;
  /** Secret/ConfigMap/projected/downwardAPI volumes show kubelet's atomic writer layout (`..data`). */
  atomicWriter?: boolean;
}

/** Directories every simulated image has. */
const IMAGE_DIRS = [
  '/',
  '/bin',
  '/dev',
  '/etc',
  '/home',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/local',
  '/var',
  '/var/log',
  '/var/run',
];

export class ContainerFilesystem implements ContainerFs {
  readonly #layer = new Map<string, string>();
  readonly #dirs = new Set(IMAGE_DIRS);
  #mounts: Mount[] = [];
  /** Character devices every container has: /dev/null reads empty and swallows writes. */
  readonly #managed = new Map<string, () => string>([['/dev/null', () => '']]);

  /** Mounts a volume (kubelet, before the process starts). */
  mount(m: Mount): void {
    this.#mounts = [...this.#mounts, { ...m, path: m.path.replace(/\/+$/, '') || '/' }].sort((a, b) => b.path.length - a.path.length);
  }

  /** A read-only file kubelet keeps up to date (/etc/hosts and friends). */
  manage(path: string, content: () => string): void {
    this.#managed.set(path, content);
  }

  #mountFor(path: string): { m: Mount; rel: string } | undefined {
    const m = this.#mounts.find((x) => path === x.path || path.startsWith(`${x.path}/`));
    return m && { m, rel: path === m.path ? '' : path.slice(m.path.length + 1) };
  }

  #filesOf(m: Mount): ReadonlyMap<string, string> | undefined {
    if (m.store) return m.store;
    try {
      return m.files?.();
    } catch {
      return undefined;
    }
  }

  read(path: string): string | undefined {
    const managed = this.#managed.get(path);
    if (managed) return managed();
    const at = this.#mountFor(path);
    if (at) return this.#filesOf(at.m)?.get(at.rel);
    return this.#layer.get(path);
  }

  #writable(path: string): Mount | 'layer' | undefined {
    if (this.#managed.has(path) || path === '/proc' || path.startsWith('/proc/') || path === '/sys' || path.startsWith('/sys/')) return undefined;
    const at = this.#mountFor(path);
    if (!at) return 'layer';
    return at.m.store && !at.m.readOnly ? at.m : undefined;
  }

  write(path: string, data: string, append: boolean): boolean {
    if (path === '/dev/null') return true;
    const where = this.#writable(path);
    if (!where || this.#isDir(path)) return false;
    const files = where === 'layer' ? this.#layer : (where.store as Map<string, string>);
    const key = where === 'layer' ? path : (this.#mountFor(path) as { rel: string }).rel;
    if (key === '') return false;
    files.set(key, append ? (files.get(key) ?? '') + data : data);
    return true;
  }

  remove(path: string): boolean {
    const where = this.#writable(path);
    if (!where) return false;
    const files = where === 'layer' ? this.#layer : (where.store as Map<string, string>);
    if (files.delete(where === 'layer' ? path : (this.#mountFor(path) as { rel: string }).rel)) return true;
    if ((this.list(path) ?? []).length > 0) return false;
    // A directory made by writing a file below it goes away with its last entry.
    this.#dirs.delete(path);
    return true;
  }

  mkdir(path: string): boolean {
    if (this.read(path) !== undefined || !this.#writable(path)) return false;
    this.#dirs.add(path);
    return true;
  }

  #isDir(path: string): boolean {
    return this.list(path) !== undefined;
  }

  list(path: string): string[] | undefined {
    const dir = path.replace(/\/+$/, '') || '/';
    if (this.#managed.has(dir)) return undefined;
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const entries = new Set<string>();
    let isDir = this.#dirs.has(dir);
    const addChild = (full: string) => {
      if (!full.startsWith(prefix) || full === prefix) return;
      isDir = true;
      entries.add(full.slice(prefix.length).split('/')[0]);
    };
    for (const k of this.#layer.keys()) addChild(k);
    for (const k of this.#dirs) addChild(k);
    for (const k of this.#managed.keys()) addChild(k);
    for (const m of this.#mounts) {
      if (m.path === dir) {
        // A subPath mount of one file.
        if (this.#filesOf(m)?.has('')) return undefined;
        isDir = true;
        for (const k of this.#filesOf(m)?.keys() ?? []) if (k) entries.add(k.split('/')[0]);
        if (m.atomicWriter) entries.add('..data');
      } else if (m.path.startsWith(prefix)) addChild(m.path);
      else if (dir.startsWith(`${m.path}/`)) {
        const rel = dir.slice(m.path.length + 1);
        for (const k of this.#filesOf(m)?.keys() ?? []) {
          if (k.startsWith(`${rel}/`)) {
            isDir = true;
            entries.add(k.slice(rel.length + 1).split('/')[0]);
          }
        }
      }
    }
    // A file written below a directory never made with mkdir still makes its parents directories.
    return isDir ? [...entries] : undefined;
  }
}
