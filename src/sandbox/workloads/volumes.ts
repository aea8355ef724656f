// kubelet's volumes: the files of each volume of a pod (Secret, ConfigMap, downward API, projected incl. the
// serviceaccount token, emptyDir), the files kubelet manages (/etc/hosts, /etc/hostname, /etc/resolv.conf),
// and mounting them into a container's filesystem (src/sandbox/container/filesystem.ts). Volume contents are
// read when a file is read, so downward API files follow label changes the way kubelet's periodic sync makes them.
import { rec, records as recs, str, type Rec } from '../defaults/json-access.js';
import type { KubeObject } from '../types.js';
import { fieldRefValue, podHostname, resourceFieldValue } from './pod-env.js';
import { ContainerFilesystem } from '../container/filesystem.js';

export interface VolumeSources {
  /** The pod as currently stored (labels may have changed since it started). */
  pod(): KubeObject;
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /** A token for the pod's ServiceAccount (projected serviceAccountToken source). */
  serviceAccountToken(pod: KubeObject, audience: string | undefined, expirationSeconds: number): string | undefined;
  nodeAllocatable(nodeName: string): Rec | undefined;
  /**
   * The contents of the volume bound to a claim (a writable directory that outlives the pod, shared by every
   * pod mounting the same volume), or why it cannot be mounted.
   */
  claimVolume?(namespace: string, claimName: string): Map<string, string> | string;
  clusterDomain: string;
  dnsServer: string;
}

/** Files of one volume (relative path → content), or an error message when kubelet could not set it up. */
type Files = Map<string, string>;

function keyedFiles(data: Record<string, string>, items: Rec[], decode: boolean, what: string): Files {
  const files: Files = new Map();
  const value = (k: string) => (decode ? Buffer.from(data[k], 'base64').toString('utf8') : data[k]);
  if (items.length === 0) for (const k of Object.keys(data)) files.set(k, value(k));
  for (const item of items) {
    const key = str(item.key);
    if (!(key in data)) throw new Error(`configmap references non-existent config key: ${key}`.replace('configmap', what));
    files.set(str(item.path), value(key));
  }
  return files;
}

function downwardFiles(items: Rec[], pod: KubeObject, src: VolumeSources): Files {
  const files: Files = new Map();
  for (const item of items) {
    const path = str(item.path);
    if (item.fieldRef) files.set(path, fieldRefValue(pod, str(rec(item.fieldRef).fieldPath)) ?? '');
    else if (item.resourceFieldRef) {
      const ref = rec(item.resourceFieldRef);
      const container = recs(rec(pod.spec).containers).find((c) => c.name === ref.containerName) ?? {};
      files.set(path, resourceFieldValue(container, str(ref.resource), ref.divisor, src.nodeAllocatable(str(rec(pod.spec).nodeName))));
    }
  }
  return files;
}

/** The files of `volume` now; throws with kubelet's SetUp error (a missing ConfigMap or Secret). */
export function volumeFiles(volume: Rec, src: VolumeSources, tokenCache: Map<string, string>): Files | 'emptyDir' | 'unsupported' {
  const pod = src.pod();
  const ns = pod.metadata.namespace ?? 'default';
  const configMap = (ref: Rec, items: Rec[]): Files => {
    const cm = src.configMap(ns, str(ref.name));
    if (!cm) {
      if (ref.optional === true) return new Map();
      throw new Error(`configmap "${str(ref.name)}" not found`);
    }
    const files = keyedFiles(rec(cm.data) as Record<string, string>, items, false, 'configmap');
    for (const [k, v] of Object.entries(rec(cm.binaryData))) if (items.length === 0) files.set(k, Buffer.from(String(v), 'base64').toString('utf8'));
    return files;
  };
  const secret = (ref: Rec, name: string, items: Rec[]): Files => {
    const s = src.secret(ns, name);
    if (!s) {
      if (ref.optional === true) return new Map();
      throw new Error(`secret "${name}" not found`);
    }
    return keyedFiles(rec(s.data) as Record<string, string>, items, true, 'secret');
  };
  if (volume.emptyDir) return 'emptyDir';
  if (volume.persistentVolumeClaim) {
    const data = src.claimVolume?.(ns, str(rec(volume.persistentVolumeClaim).claimName));
    if (typeof data === 'string') throw new Error(data);
    return 'emptyDir';
  }
  if (volume.configMap) return configMap(rec(volume.configMap), recs(rec(volume.configMap).items));
  if (volume.secret) return secret(rec(volume.secret), str(rec(volume.secret).secretName), recs(rec(volume.secret).items));
  if (volume.downwardAPI) return downwardFiles(recs(rec(volume.downwardAPI).items), pod, src);
  if (volume.projected) {
    const files: Files = new Map();
    for (const source of recs(rec(volume.projected).sources)) {
      let part: Files = new Map();
      if (source.configMap) part = configMap(rec(source.configMap), recs(rec(source.configMap).items));
      else if (source.secret) part = secret(rec(source.secret), str(rec(source.secret).name), recs(rec(source.secret).items));
      else if (source.downwardAPI) part = downwardFiles(recs(rec(source.downwardAPI).items), pod, src);
      else if (source.serviceAccountToken) {
        const t = rec(source.serviceAccountToken);
        const key = `${str(volume.name)}/${str(t.path)}`;
        let token = tokenCache.get(key);
        if (token === undefined) {
          token = src.serviceAccountToken(pod, str(t.audience) || undefined, Number(t.expirationSeconds ?? 3600));
          if (token === undefined) throw new Error(`failed to fetch token: serviceaccounts "${str(rec(pod.spec).serviceAccountName)}" not found`);
          tokenCache.set(key, token);
        }
        part.set(str(t.path), token);
      }
      for (const [k, v] of part) files.set(k, v);
    }
    return files;
  }
  return 'unsupported';
}

/** kubelet's managed /etc/hosts for a pod on the pod network. */
export function etcHosts(pod: KubeObject): string {
  const ip = str(rec(pod.status).podIP);
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const subdomain = str(rec(pod.spec).subdomain);
  const host = podHostname(pod);
  if (ip) lines.push(subdomain ? `${ip}\t${host}.${subdomain}.${pod.metadata.namespace}.svc.cluster.local\t${host}` : `${ip}\t${host}`);
  return `${lines.join('\n')}\n`;
}

/** Checks that every volume of the pod can be set up; returns kubelet's FailedMount message for the first that cannot. */
export function volumeSetupError(pod: KubeObject, src: VolumeSources): string | undefined {
  const cache = new Map<string, string>();
  for (const v of recs(rec(pod.spec).volumes)) {
    try {
      volumeFiles(v, { ...src, pod: () => pod }, cache);
    } catch (e) {
      return `MountVolume.SetUp failed for volume ${JSON.stringify(str(v.name))} : ${(e as Error).message}`;
    }
  }
  return undefined;
}

/**
 * The filesystem of one container, for its lifetime: kubelet's managed files and the container's volumeMounts.
 * `emptyDirs` holds the pod's emptyDir volumes, shared by its containers and kept across restarts.
 */
export function containerFs(
  container: Rec,
  src: VolumeSources,
  tokenCache: Map<string, string>,
  emptyDirs: Map<string, Map<string, string>> = new Map(),
): ContainerFilesystem {
  const fs = new ContainerFilesystem();
  const pod = () => src.pod();
  fs.manage('/etc/hostname', () => `${podHostname(pod())}\n`);
  fs.manage('/etc/hosts', () => etcHosts(pod()));
  fs.manage(
    '/etc/resolv.conf',
    () =>
      `search ${pod().metadata.namespace}.svc.${src.clusterDomain} svc.${src.clusterDomain} ${src.clusterDomain}\nnameserver ${src.dnsServer}\noptions ndots:5\n`,
  );
  fs.manage('/dev/termination-log', () => '');
  const volumes = new Map(recs(rec(pod().spec).volumes).map((v) => [str(v.name), v]));
  for (const m of recs(container.volumeMounts)) {
    const name = str(m.name);
    const volume = volumes.get(name);
    if (!volume) continue;
    const path = str(m.mountPath).replace(/\/+$/, '') || '/';
    const subPath = str(m.subPath);
    const readOnly = m.readOnly === true;
    if (volume.emptyDir) {
      let store = emptyDirs.get(name);
      if (!store) emptyDirs.set(name, (store = new Map()));
      fs.mount({ path, readOnly, store });
      continue;
    }
    if (volume.persistentVolumeClaim) {
      const store = src.claimVolume?.(pod().metadata.namespace ?? 'default', str(rec(volume.persistentVolumeClaim).claimName));
      fs.mount({
        path,
        readOnly: readOnly || rec(volume.persistentVolumeClaim).readOnly === true,
        store: typeof store === 'string' || !store ? new Map() : store,
      });
      continue;
    }
    const files = () => {
      const all = volumeFiles(volume, src, tokenCache);
      if (all === 'emptyDir' || all === 'unsupported') return undefined;
      if (!subPath) return all;
      const sub = new Map<string, string>();
      for (const [k, v] of all) {
        if (k === subPath) sub.set('', v);
        else if (k.startsWith(`${subPath}/`)) sub.set(k.slice(subPath.length + 1), v);
      }
      return sub;
    };
    // kubelet mounts these volumes read-only whatever the volumeMount says.
    fs.mount({ path, readOnly: true, files, atomicWriter: !subPath });
  }
  return fs;
}
