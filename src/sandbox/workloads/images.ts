// What the sandbox knows about container images: the ENTRYPOINT/CMD and ENV of well-known images (so a pod
// without `command` behaves like the image), their size for the `Pulled` event, and stable digests.
import { createHash } from 'node:crypto';

export interface ImageProfile {
  entrypoint: string[];
  cmd: string[];
  env: [string, string][];
  /** Uncompressed size in bytes, as the Pulled event reports it. */
  size: number;
}

const PATH_DEFAULT = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const PROFILES: Record<string, ImageProfile> = {
  nginx: {
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: [
      ['PATH', PATH_DEFAULT],
      ['NGINX_VERSION', '1.27.3'],
      ['NJS_VERSION', '0.8.7'],
      ['NJS_RELEASE', '1~bookworm'],
      ['PKG_RELEASE', '1~bookworm'],
      ['DYNPKG_RELEASE', '1~bookworm'],
    ],
    size: 72_099_501,
  },
  busybox: { entrypoint: [], cmd: ['sh'], env: [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']], size: 2_166_802 },
  alpine: { entrypoint: [], cmd: ['/bin/sh'], env: [['PATH', PATH_DEFAULT]], size: 3_653_068 },
  ubuntu: { entrypoint: [], cmd: ['/bin/bash'], env: [['PATH', PATH_DEFAULT]], size: 29_754_422 },
  debian: { entrypoint: [], cmd: ['bash'], env: [['PATH', PATH_DEFAULT]], size: 48_494_272 },
  fedora: {
    entrypoint: [],
    cmd: ['/bin/bash'],
    env: [
      ['PATH', PATH_DEFAULT],
      ['DISTTAG', 'f41container'],
      ['FGC', 'f41'],
      ['FBR', 'f41'],
    ],
    size: 62_154_387,
  },
  httpd: {
    entrypoint: [],
    cmd: ['httpd-foreground'],
    env: [
      ['PATH', '/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ['HTTPD_PREFIX', '/usr/local/apache2'],
      ['HTTPD_VERSION', '2.4.62'],
    ],
    size: 58_232_346,
  },
  redis: {
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    env: [
      ['PATH', PATH_DEFAULT],
      ['REDIS_VERSION', '7.4.1'],
    ],
    size: 45_075_312,
  },
  curlimages_curl: {
    entrypoint: ['/entrypoint.sh'],
    cmd: ['curl'],
    env: [
      ['PATH', PATH_DEFAULT],
      ['CURL_CA_BUNDLE', '/cacert.pem'],
    ],
    size: 11_794_832,
  },
  'registry.k8s.io/coredns/coredns': { entrypoint: ['/coredns'], cmd: [], env: [['PATH', PATH_DEFAULT]], size: 18_562_039 },
  'registry.k8s.io/pause': { entrypoint: ['/pause'], cmd: [], env: [['PATH', PATH_DEFAULT]], size: 320_368 },
};

/** The repository of an image reference without registry defaults, tag or digest: `nginx`, `curlimages/curl`. */
export function imageRepository(image: string): string {
  let name = image.split('@')[0];
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  if (colon >= 0) name = name.slice(0, colon);
  return name.replace(/^(docker\.io\/)?(library\/)?/, '');
}

/** The image's profile; unknown images run their command, or idle silently when the pod gives none. */
export function imageProfile(image: string): ImageProfile | undefined {
  const repo = imageRepository(image);
  return PROFILES[repo] ?? PROFILES[repo.replace('/', '_')];
}

/** The reference containerd reports: `docker.io/library/nginx:latest` for `nginx`. */
export function fullImageName(image: string): string {
  let ref = image;
  const first = ref.split('/')[0];
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  if (!last.includes(':') && !ref.includes('@')) ref += ':latest';
  return ref;
}

/** status.containerStatuses[].imageID: the repository digest `docker.io/library/nginx@sha256:…`. */
export function imageId(image: string): string {
  const full = fullImageName(image);
  if (full.includes('@')) return full;
  const repo = full.slice(0, full.lastIndexOf(':'));
  return `${repo}@sha256:${createHash('sha256').update(full).digest('hex')}`;
}

/** Image size for the Pulled message: the profile's, else a stable made-up size. */
export function imageSize(image: string): number {
  return imageProfile(image)?.size ?? 5_000_000 + (createHash('sha256').update(image).digest().readUInt32BE(0) % 90_000_000);
}

/** A simulated pull time for the Pulled message (a few hundred ms to a few s, growing with the size). */
export function pullDurationMs(image: string): number {
  const jitter = createHash('sha256').update(`pull:${image}`).digest().readUInt16BE(0) % 400;
  return Math.round(300 + imageSize(image) / 40_000 + jitter);
}

/** Go's time.Duration.String for the durations in kubelet messages: 812ms, 1.234s, 2m3.5s. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${trimZeros(s.toFixed(3))}s`;
  const m = Math.floor(s / 60);
  return `${m}m${trimZeros((s - m * 60).toFixed(3))}s`;
}

const trimZeros = (v: string) => v.replace(/\.?0+$/, '');
