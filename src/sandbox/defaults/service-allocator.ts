// Cluster IPs and node ports for Services, handed out the way kube-apiserver's allocators do: a cluster IP
// from the service CIDR (dynamic allocations from its upper band, a fixed pseudo-random walk so runs are
// reproducible) and node ports from 30000-32767; explicit values are reserved or refused with the real texts.
import { configError } from '../../errors.js';

export interface ServiceAllocatorOptions {
  /** The service CIDR (IPv4). Default 10.96.0.0/12, as kubeadm and kind use. */
  cidr?: string;
  nodePortRange?: { base: number; size: number };
}

export class ServiceAllocator {
  readonly cidr: string;
  private readonly base: number;
  private readonly size: number;
  private readonly usedIps = new Set<number>();
  private readonly usedPorts = new Set<number>();
  private readonly portBase: number;
  private readonly portSize: number;
  private ipCursor = 0;
  private portCursor = 0;

  constructor(opts: ServiceAllocatorOptions = {}) {
    this.cidr = opts.cidr ?? '10.96.0.0/12';
    const [ip, bits] = this.cidr.split('/');
    const prefix = Number(bits);
    const parsed = ipToNumber(ip);
    if (parsed === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
      throw configError(`the service CIDR "${this.cidr}" is not an IPv4 range between /8 and /30`, 'use a range such as 10.96.0.0/12');
    }
    this.size = 2 ** (32 - prefix);
    this.base = parsed - (parsed % this.size);
    this.portBase = opts.nodePortRange?.base ?? 30000;
    this.portSize = opts.nodePortRange?.size ?? 2768;
  }

  /** The first address of the range: the `kubernetes` service's IP (10.96.0.1). */
  get apiServerIp(): string {
    return numberToIp(this.base + 1);
  }

  /** The tenth address of the range: kubeadm's cluster DNS address, the `kube-dns` service's IP (10.96.0.10). */
  get dnsIp(): string {
    return numberToIp(this.base + 10);
  }

  /** A free cluster IP from the dynamic band (above the first min(max(16, size/16), 256) addresses). */
  allocateIp(): string {
    const staticBand = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    const first = 1 + staticBand;
    const count = this.size - 2 - staticBand; // no network or broadcast address
    for (let tries = 0; tries < count; tries++) {
      // Walk the band with a stride coprime to its length: spread out, deterministic, visits every address.
      const offset = (this.ipCursor++ * 7919 + 37) % count;
      const candidate = this.base + first + offset;
      if (!this.usedIps.has(candidate)) {
        this.usedIps.add(candidate);
        return numberToIp(candidate);
      }
    }
    // kube-apiserver answers 500 here: `failed to allocate a serviceIP: range is full`.
    throw new Error('failed to allocate a serviceIP: range is full');
  }

  /** Reserves an explicit cluster IP; the error text kube-apiserver reports when it cannot. */
  reserveIp(ip: string): string | undefined {
    const n = ipToNumber(ip);
    if (n === undefined || n <= this.base || n >= this.base + this.size - 1) {
      return `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
    }
    if (this.usedIps.has(n)) return 'provided IP is already allocated';
    this.usedIps.add(n);
    return undefined;
  }

  releaseIp(ip: string): void {
    const n = ipToNumber(ip);
    if (n !== undefined) this.usedIps.delete(n);
  }

  allocateNodePort(): number {
    for (let tries = 0; tries < this.portSize; tries++) {
      const port = this.portBase + ((this.portCursor++ * 1009 + 80) % this.portSize);
      if (!this.usedPorts.has(port)) {
        this.usedPorts.add(port);
        return port;
      }
    }
    throw new Error('failed to allocate a nodePort: range is full');
  }

  reserveNodePort(port: number): string | undefined {
    if (port < this.portBase || port >= this.portBase + this.portSize) {
      return `provided port is not in the valid range. The range of valid ports is ${this.portBase}-${this.portBase + this.portSize - 1}`;
    }
    if (this.usedPorts.has(port)) return 'provided port is already allocated';
    this.usedPorts.add(port);
    return undefined;
  }

  releaseNodePort(port: number): void {
    this.usedPorts.delete(port);
  }
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
