// The internal core.PodSpec of kube-apiserver v1.32 (pkg/apis/core/types.go) as go-cmp sees it: its Go field
// order and types, and a v1 PodSpec (the JSON the sandbox stores) turned into it the way the v1 → core
// conversion does (hostNetwork/hostPID/hostIPC/shareProcessNamespace/hostUsers move into the SecurityContext,
// the deprecated serviceAccount goes away, quantities become resource.Quantity as ParseQuantity leaves them).
// Used for the Forbidden message of a Pod update, whose diff names these types and counts these fields.
// Modelled in full: the fields and types a workshop pod carries (containers, ports, env, resources, volume
// mounts, the projected service account volume, probes, tolerations); other nested types are read from the
// JSON with Go-style field names, which is right for their field names but not always for their order.
import { goCmpDiff, VALUE_FIELDS, type GoField, type GoStruct, type GoType, type GoValue } from './go-cmp-diff.js';
import { isRec, type Rec } from './json-access.js';

const S: GoType = { kind: 'string' };
const I: GoType = { kind: 'int' };
const B: GoType = { kind: 'bool' };
const ptr = (elem: GoType): GoType => ({ kind: 'ptr', elem });
const slice = (elem: GoType, name: string): GoType => ({ kind: 'slice', elem, name });
const struct = (name: string, fields: [string, GoType][]): GoType & { kind: 'struct' } => ({
  kind: 'struct',
  name,
  fields: fields.map(([n, type]) => ({ name: n, type })),
});
/** A type the model does not spell out: its fields come from the JSON (see goValue). */
const opaque = (name: string): GoType & { kind: 'struct' } => ({ kind: 'struct', name, fields: [] });

// resource.Quantity: compared with its Equal method; printed with its unexported fields, as go-cmp does.
const INT64_AMOUNT = struct('resource.int64Amount', [
  ['value', I],
  ['scale', I],
]);
const QUANTITY: GoType = {
  kind: 'struct',
  name: 'resource.Quantity',
  fields: [
    { name: 'i', type: INT64_AMOUNT },
    { name: 's', type: S },
    { name: 'Format', type: S },
  ],
  equal: (x, y) => {
    const a = (x as GoStruct).i as GoStruct;
    const b = (y as GoStruct).i as GoStruct;
    return Number(a.value) * 10 ** Number(a.scale ?? 0) === Number(b.value) * 10 ** Number(b.scale ?? 0);
  },
};
const RESOURCE_LIST: GoType = { kind: 'map', name: 'core.ResourceList', key: { kind: 'string', name: 'core.ResourceName', stringer: true }, elem: QUANTITY };
const INT_OR_STRING = struct('intstr.IntOrString', [
  ['Type', I],
  ['IntVal', I],
  ['StrVal', S],
]);

const LOCAL_OBJECT_REFERENCE = struct('core.LocalObjectReference', [['Name', S]]);
const KEY_TO_PATH = struct('core.KeyToPath', [
  ['Key', S],
  ['Path', S],
  ['Mode', ptr(I)],
]);
const OBJECT_FIELD_SELECTOR = struct('core.ObjectFieldSelector', [
  ['APIVersion', S],
  ['FieldPath', S],
]);
const RESOURCE_FIELD_SELECTOR = struct('core.ResourceFieldSelector', [
  ['ContainerName', S],
  ['Resource', S],
  ['Divisor', QUANTITY],
]);
const DOWNWARD_API_FILE = struct('core.DownwardAPIVolumeFile', [
  ['Path', S],
  ['FieldRef', ptr(OBJECT_FIELD_SELECTOR)],
  ['ResourceFieldRef', ptr(RESOURCE_FIELD_SELECTOR)],
  ['Mode', ptr(I)],
]);
const VOLUME_PROJECTION = struct('core.VolumeProjection', [
  [
    'Secret',
    ptr(
      struct('core.SecretProjection', [
        ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
        ['Items', slice(KEY_TO_PATH, '[]core.KeyToPath')],
        ['Optional', ptr(B)],
      ]),
    ),
  ],
  ['DownwardAPI', ptr(struct('core.DownwardAPIProjection', [['Items', slice(DOWNWARD_API_FILE, '[]core.DownwardAPIVolumeFile')]]))],
  [
    'ConfigMap',
    ptr(
      struct('core.ConfigMapProjection', [
        ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
        ['Items', slice(KEY_TO_PATH, '[]core.KeyToPath')],
        ['Optional', ptr(B)],
      ]),
    ),
  ],
  [
    'ServiceAccountToken',
    ptr(
      struct('core.ServiceAccountTokenProjection', [
        ['Audience', S],
        ['ExpirationSeconds', I],
        ['Path', S],
      ]),
    ),
  ],
  ['ClusterTrustBundle', ptr(opaque('core.ClusterTrustBundleProjection'))],
]);
// VolumeSource's fields in the internal type's order (Quobyte sits earlier than in v1).
const VOLUME_SOURCE_FIELDS: [string, string, GoType][] = [
  ['hostPath', 'HostPath', ptr(opaque('core.HostPathVolumeSource'))],
  [
    'emptyDir',
    'EmptyDir',
    ptr(
      struct('core.EmptyDirVolumeSource', [
        ['Medium', S],
        ['SizeLimit', ptr(QUANTITY)],
      ]),
    ),
  ],
  ['gcePersistentDisk', 'GCEPersistentDisk', ptr(opaque('core.GCEPersistentDiskVolumeSource'))],
  ['awsElasticBlockStore', 'AWSElasticBlockStore', ptr(opaque('core.AWSElasticBlockStoreVolumeSource'))],
  ['gitRepo', 'GitRepo', ptr(opaque('core.GitRepoVolumeSource'))],
  [
    'secret',
    'Secret',
    ptr(
      struct('core.SecretVolumeSource', [
        ['SecretName', S],
        ['Items', slice(KEY_TO_PATH, '[]core.KeyToPath')],
        ['DefaultMode', ptr(I)],
        ['Optional', ptr(B)],
      ]),
    ),
  ],
  ['nfs', 'NFS', ptr(opaque('core.NFSVolumeSource'))],
  ['iscsi', 'ISCSI', ptr(opaque('core.ISCSIVolumeSource'))],
  ['glusterfs', 'Glusterfs', ptr(opaque('core.GlusterfsVolumeSource'))],
  [
    'persistentVolumeClaim',
    'PersistentVolumeClaim',
    ptr(
      struct('core.PersistentVolumeClaimVolumeSource', [
        ['ClaimName', S],
        ['ReadOnly', B],
      ]),
    ),
  ],
  ['rbd', 'RBD', ptr(opaque('core.RBDVolumeSource'))],
  ['quobyte', 'Quobyte', ptr(opaque('core.QuobyteVolumeSource'))],
  ['flexVolume', 'FlexVolume', ptr(opaque('core.FlexVolumeSource'))],
  ['cinder', 'Cinder', ptr(opaque('core.CinderVolumeSource'))],
  ['cephfs', 'CephFS', ptr(opaque('core.CephFSVolumeSource'))],
  ['flocker', 'Flocker', ptr(opaque('core.FlockerVolumeSource'))],
  [
    'downwardAPI',
    'DownwardAPI',
    ptr(
      struct('core.DownwardAPIVolumeSource', [
        ['Items', slice(DOWNWARD_API_FILE, '[]core.DownwardAPIVolumeFile')],
        ['DefaultMode', ptr(I)],
      ]),
    ),
  ],
  ['fc', 'FC', ptr(opaque('core.FCVolumeSource'))],
  ['azureFile', 'AzureFile', ptr(opaque('core.AzureFileVolumeSource'))],
  [
    'configMap',
    'ConfigMap',
    ptr(
      struct('core.ConfigMapVolumeSource', [
        ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
        ['Items', slice(KEY_TO_PATH, '[]core.KeyToPath')],
        ['DefaultMode', ptr(I)],
        ['Optional', ptr(B)],
      ]),
    ),
  ],
  ['vsphereVolume', 'VsphereVolume', ptr(opaque('core.VsphereVirtualDiskVolumeSource'))],
  ['azureDisk', 'AzureDisk', ptr(opaque('core.AzureDiskVolumeSource'))],
  ['photonPersistentDisk', 'PhotonPersistentDisk', ptr(opaque('core.PhotonPersistentDiskVolumeSource'))],
  [
    'projected',
    'Projected',
    ptr(
      struct('core.ProjectedVolumeSource', [
        ['Sources', slice(VOLUME_PROJECTION, '[]core.VolumeProjection')],
        ['DefaultMode', ptr(I)],
      ]),
    ),
  ],
  ['portworxVolume', 'PortworxVolume', ptr(opaque('core.PortworxVolumeSource'))],
  ['scaleIO', 'ScaleIO', ptr(opaque('core.ScaleIOVolumeSource'))],
  ['storageos', 'StorageOS', ptr(opaque('core.StorageOSVolumeSource'))],
  ['csi', 'CSI', ptr(opaque('core.CSIVolumeSource'))],
  ['ephemeral', 'Ephemeral', ptr(opaque('core.EphemeralVolumeSource'))],
  ['image', 'Image', ptr(opaque('core.ImageVolumeSource'))],
];
const VOLUME = struct('core.Volume', [
  ['Name', S],
  [
    'VolumeSource',
    struct(
      'core.VolumeSource',
      VOLUME_SOURCE_FIELDS.map(([, go, t]) => [go, t]),
    ),
  ],
]);

const ENV_VAR = struct('core.EnvVar', [
  ['Name', S],
  ['Value', S],
  [
    'ValueFrom',
    ptr(
      struct('core.EnvVarSource', [
        ['FieldRef', ptr(OBJECT_FIELD_SELECTOR)],
        ['ResourceFieldRef', ptr(RESOURCE_FIELD_SELECTOR)],
        [
          'ConfigMapKeyRef',
          ptr(
            struct('core.ConfigMapKeySelector', [
              ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
              ['Key', S],
              ['Optional', ptr(B)],
            ]),
          ),
        ],
        [
          'SecretKeyRef',
          ptr(
            struct('core.SecretKeySelector', [
              ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
              ['Key', S],
              ['Optional', ptr(B)],
            ]),
          ),
        ],
      ]),
    ),
  ],
]);
const ENV_FROM = struct('core.EnvFromSource', [
  ['Prefix', S],
  [
    'ConfigMapRef',
    ptr(
      struct('core.ConfigMapEnvSource', [
        ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
        ['Optional', ptr(B)],
      ]),
    ),
  ],
  [
    'SecretRef',
    ptr(
      struct('core.SecretEnvSource', [
        ['LocalObjectReference', LOCAL_OBJECT_REFERENCE],
        ['Optional', ptr(B)],
      ]),
    ),
  ],
]);
const PROBE = struct('core.Probe', [
  [
    'ProbeHandler',
    struct('core.ProbeHandler', [
      ['Exec', ptr(struct('core.ExecAction', [['Command', slice(S, '[]string')]]))],
      [
        'HTTPGet',
        ptr(
          struct('core.HTTPGetAction', [
            ['Path', S],
            ['Port', INT_OR_STRING],
            ['Host', S],
            ['Scheme', S],
            [
              'HTTPHeaders',
              slice(
                struct('core.HTTPHeader', [
                  ['Name', S],
                  ['Value', S],
                ]),
                '[]core.HTTPHeader',
              ),
            ],
          ]),
        ),
      ],
      [
        'TCPSocket',
        ptr(
          struct('core.TCPSocketAction', [
            ['Port', INT_OR_STRING],
            ['Host', S],
          ]),
        ),
      ],
      [
        'GRPC',
        ptr(
          struct('core.GRPCAction', [
            ['Port', I],
            ['Service', ptr(S)],
          ]),
        ),
      ],
    ]),
  ],
  ['InitialDelaySeconds', I],
  ['TimeoutSeconds', I],
  ['PeriodSeconds', I],
  ['SuccessThreshold', I],
  ['FailureThreshold', I],
  ['TerminationGracePeriodSeconds', ptr(I)],
]);
const RESOURCE_REQUIREMENTS = struct('core.ResourceRequirements', [
  ['Limits', RESOURCE_LIST],
  ['Requests', RESOURCE_LIST],
  [
    'Claims',
    slice(
      struct('core.ResourceClaim', [
        ['Name', S],
        ['Request', S],
      ]),
      '[]core.ResourceClaim',
    ),
  ],
]);
const CONTAINER_FIELDS: [string, GoType][] = [
  ['Name', S],
  ['Image', S],
  ['Command', slice(S, '[]string')],
  ['Args', slice(S, '[]string')],
  ['WorkingDir', S],
  [
    'Ports',
    slice(
      struct('core.ContainerPort', [
        ['Name', S],
        ['HostPort', I],
        ['ContainerPort', I],
        ['Protocol', { kind: 'string', name: 'core.Protocol' }],
        ['HostIP', S],
      ]),
      '[]core.ContainerPort',
    ),
  ],
  ['EnvFrom', slice(ENV_FROM, '[]core.EnvFromSource')],
  ['Env', slice(ENV_VAR, '[]core.EnvVar')],
  ['Resources', RESOURCE_REQUIREMENTS],
  [
    'ResizePolicy',
    slice(
      struct('core.ContainerResizePolicy', [
        ['ResourceName', S],
        ['RestartPolicy', S],
      ]),
      '[]core.ContainerResizePolicy',
    ),
  ],
  ['RestartPolicy', ptr({ kind: 'string', name: 'core.ContainerRestartPolicy' })],
  [
    'VolumeMounts',
    slice(
      struct('core.VolumeMount', [
        ['Name', S],
        ['ReadOnly', B],
        ['RecursiveReadOnly', ptr(S)],
        ['MountPath', S],
        ['SubPath', S],
        ['MountPropagation', ptr(S)],
        ['SubPathExpr', S],
      ]),
      '[]core.VolumeMount',
    ),
  ],
  [
    'VolumeDevices',
    slice(
      struct('core.VolumeDevice', [
        ['Name', S],
        ['DevicePath', S],
      ]),
      '[]core.VolumeDevice',
    ),
  ],
  ['LivenessProbe', ptr(PROBE)],
  ['ReadinessProbe', ptr(PROBE)],
  ['StartupProbe', ptr(PROBE)],
  ['Lifecycle', ptr(opaque('core.Lifecycle'))],
  ['TerminationMessagePath', S],
  ['TerminationMessagePolicy', { kind: 'string', name: 'core.TerminationMessagePolicy' }],
  ['ImagePullPolicy', { kind: 'string', name: 'core.PullPolicy' }],
  ['SecurityContext', ptr(opaque('core.SecurityContext'))],
  ['Stdin', B],
  ['StdinOnce', B],
  ['TTY', B],
];
const CONTAINER = struct('core.Container', CONTAINER_FIELDS);
const EPHEMERAL_CONTAINER = struct('core.EphemeralContainer', [
  ['EphemeralContainerCommon', struct('core.EphemeralContainerCommon', CONTAINER_FIELDS)],
  ['TargetContainerName', S],
]);
const POD_SECURITY_CONTEXT = struct('core.PodSecurityContext', [
  ['HostNetwork', B],
  ['HostPID', B],
  ['HostIPC', B],
  ['ShareProcessNamespace', ptr(B)],
  ['HostUsers', ptr(B)],
  ['SELinuxOptions', ptr(opaque('core.SELinuxOptions'))],
  ['WindowsOptions', ptr(opaque('core.WindowsSecurityContextOptions'))],
  ['RunAsUser', ptr(I)],
  ['RunAsGroup', ptr(I)],
  ['RunAsNonRoot', ptr(B)],
  ['SupplementalGroups', slice(I, '[]int64')],
  ['SupplementalGroupsPolicy', ptr(S)],
  ['FSGroup', ptr(I)],
  ['FSGroupChangePolicy', ptr(S)],
  [
    'Sysctls',
    slice(
      struct('core.Sysctl', [
        ['Name', S],
        ['Value', S],
      ]),
      '[]core.Sysctl',
    ),
  ],
  ['SeccompProfile', ptr(opaque('core.SeccompProfile'))],
  ['AppArmorProfile', ptr(opaque('core.AppArmorProfile'))],
  ['SELinuxChangePolicy', ptr(S)],
]);
const TOLERATION = struct('core.Toleration', [
  ['Key', S],
  ['Operator', { kind: 'string', name: 'core.TolerationOperator' }],
  ['Value', S],
  ['Effect', { kind: 'string', name: 'core.TaintEffect' }],
  ['TolerationSeconds', ptr(I)],
]);
const opaqueSlice = (name: string) => slice(opaque(`core.${name}`), `[]core.${name}`);
export const POD_SPEC = struct('core.PodSpec', [
  ['Volumes', slice(VOLUME, '[]core.Volume')],
  ['InitContainers', slice(CONTAINER, '[]core.Container')],
  ['Containers', slice(CONTAINER, '[]core.Container')],
  ['EphemeralContainers', slice(EPHEMERAL_CONTAINER, '[]core.EphemeralContainer')],
  ['RestartPolicy', { kind: 'string', name: 'core.RestartPolicy' }],
  ['TerminationGracePeriodSeconds', ptr(I)],
  ['ActiveDeadlineSeconds', ptr(I)],
  ['DNSPolicy', { kind: 'string', name: 'core.DNSPolicy' }],
  ['NodeSelector', { kind: 'map', name: 'map[string]string', key: S, elem: S }],
  ['ServiceAccountName', S],
  ['AutomountServiceAccountToken', ptr(B)],
  ['NodeName', S],
  ['SecurityContext', ptr(POD_SECURITY_CONTEXT)],
  ['ImagePullSecrets', slice(LOCAL_OBJECT_REFERENCE, '[]core.LocalObjectReference')],
  ['Hostname', S],
  ['Subdomain', S],
  ['SetHostnameAsFQDN', ptr(B)],
  ['Affinity', ptr(opaque('core.Affinity'))],
  ['SchedulerName', S],
  ['Tolerations', slice(TOLERATION, '[]core.Toleration')],
  ['HostAliases', opaqueSlice('HostAlias')],
  ['PriorityClassName', S],
  ['Priority', ptr(I)],
  ['PreemptionPolicy', ptr({ kind: 'string', name: 'core.PreemptionPolicy' })],
  ['DNSConfig', ptr(opaque('core.PodDNSConfig'))],
  ['ReadinessGates', opaqueSlice('PodReadinessGate')],
  ['RuntimeClassName', ptr(S)],
  ['Overhead', RESOURCE_LIST],
  ['EnableServiceLinks', ptr(B)],
  ['TopologySpreadConstraints', opaqueSlice('TopologySpreadConstraint')],
  ['OS', ptr(opaque('core.PodOS'))],
  ['SchedulingGates', opaqueSlice('PodSchedulingGate')],
  ['ResourceClaims', opaqueSlice('PodResourceClaim')],
  ['Resources', ptr(RESOURCE_REQUIREMENTS)],
]);

/** Go field name → JSON name, where the JSON name is not the Go name with a lower-case first letter. */
const JSON_NAMES: Record<string, string> = {
  APIVersion: 'apiVersion',
  HTTPGet: 'httpGet',
  TCPSocket: 'tcpSocket',
  GRPC: 'grpc',
  HTTPHeaders: 'httpHeaders',
  HostIP: 'hostIP',
  HostPID: 'hostPID',
  HostIPC: 'hostIPC',
  TTY: 'tty',
  DNSPolicy: 'dnsPolicy',
  DNSConfig: 'dnsConfig',
  OS: 'os',
  FSGroup: 'fsGroup',
  FSGroupChangePolicy: 'fsGroupChangePolicy',
  SELinuxOptions: 'seLinuxOptions',
  SELinuxChangePolicy: 'seLinuxChangePolicy',
  SetHostnameAsFQDN: 'setHostnameAsFQDN',
  GCEPersistentDisk: 'gcePersistentDisk',
  AWSElasticBlockStore: 'awsElasticBlockStore',
  NFS: 'nfs',
  ISCSI: 'iscsi',
  RBD: 'rbd',
  CephFS: 'cephfs',
  FC: 'fc',
  ScaleIO: 'scaleIO',
  StorageOS: 'storageos',
  CSI: 'csi',
};
const jsonName = (go: string) => JSON_NAMES[go] ?? go[0].toLowerCase() + go.slice(1);
/** Embedded structs whose fields the JSON carries inline. */
const INLINE = new Set(['VolumeSource', 'LocalObjectReference', 'ProbeHandler', 'EphemeralContainerCommon']);

/** A JSON value as the Go value of type t (absent fields are Go's zero values). */
function goValue(t: GoType, v: unknown): GoValue {
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'int':
      return typeof v === 'number' ? v : 0;
    case 'bool':
      return v === true;
    case 'ptr':
      return v === undefined || v === null ? null : { ptr: goValue(t.elem, v) };
    case 'slice':
      return Array.isArray(v) ? v.map((e) => goValue(t.elem, e)) : null;
    case 'map':
      if (!isRec(v)) return null;
      return {
        entries: Object.keys(v)
          .sort()
          .map((k) => [k, goValue(t.elem, v[k])]),
      };
    case 'struct': {
      if (t === QUANTITY) return goQuantity(v);
      if (t === INT_OR_STRING) return typeof v === 'string' ? { Type: 1, StrVal: v } : { IntVal: typeof v === 'number' ? v : 0 };
      const r = isRec(v) ? v : {};
      if (t.fields.length === 0) return opaqueValue(r);
      const out: GoStruct = {};
      for (const f of t.fields) out[f.name] = INLINE.has(f.name) ? goValue(f.type, r) : goValue(f.type, r[jsonName(f.name)]);
      return out;
    }
  }
}

/** A type the model leaves open: the JSON's fields in their order, named as Go names them, nested types opaque too. */
function opaqueValue(r: Rec): GoValue {
  const fields: GoField[] = [];
  const out: GoStruct = {};
  for (const [k, v] of Object.entries(r)) {
    const name = Object.entries(JSON_NAMES).find(([, j]) => j === k)?.[0] ?? k[0].toUpperCase() + k.slice(1);
    const type = inferType(name, v);
    fields.push({ name, type });
    out[name] = goValue(type, v);
  }
  VALUE_FIELDS.set(out, fields);
  return out;
}

function inferType(name: string, v: unknown): GoType {
  if (typeof v === 'string') return ptr(S);
  if (typeof v === 'number') return ptr(I);
  if (typeof v === 'boolean') return ptr(B);
  if (Array.isArray(v)) {
    const first = v[0];
    const elem = isRec(first) ? opaque(`core.${name.replace(/s$/, '')}`) : typeof first === 'number' ? I : S;
    return slice(elem, `[]${elem.kind === 'struct' ? elem.name : elem.kind === 'int' ? 'int64' : 'string'}`);
  }
  return ptr(opaque(`core.${name}`));
}

/** resource.ParseQuantity's result for the text of a quantity: i{value, scale}, the text kept as s only when canonical. */
function goQuantity(v: unknown): GoValue {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '0';
  const m = /^([+-]?)0*(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(text);
  if (!m) return { i: { value: 0 }, Format: 'DecimalSI' };
  const sign = m[1] === '-' ? -1 : 1;
  const num = m[2] || '0';
  const denom = m[3] ?? '';
  const suffix = m[4] ?? '';
  const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  const si: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  if (suffix in binary) {
    const value = Number(num + denom) * 2 ** binary[suffix];
    const canonical = denom === '' && binary[suffix] % 10 === 0 && (Number(num) & 7) !== 0;
    return { i: { value: sign * value }, ...(canonical ? { s: text } : {}), Format: 'BinarySI' };
  }
  const format = suffix in si ? 'DecimalSI' : 'DecimalExponent';
  const scale = (suffix in si ? si[suffix] : Number(suffix.slice(1))) - denom.length;
  const shifted = num + denom;
  const canonical = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  return { i: { value: sign * Number(shifted), scale }, ...(canonical ? { s: text } : {}), Format: format };
}

/** The v1 PodSpec JSON as the internal core.PodSpec value the conversion makes of it. */
export function internalPodSpec(spec: Rec): GoValue {
  const { hostNetwork, hostPID, hostIPC, shareProcessNamespace, hostUsers, serviceAccount: _deprecated, ...rest } = spec;
  const securityContext = isRec(spec.securityContext) ? { ...spec.securityContext } : {};
  Object.assign(securityContext, { hostNetwork, hostPID, hostIPC, shareProcessNamespace, hostUsers });
  return goValue(POD_SPEC, { ...rest, securityContext });
}

/** cmp.Diff(oldPod.Spec, mungedPodSpec) as ValidatePodUpdate writes it into its Forbidden message. */
export function podSpecDiff(oldSpec: Rec, newSpec: Rec): string {
  return goCmpDiff(POD_SPEC, internalPodSpec(oldSpec), internalPodSpec(newSpec));
}
