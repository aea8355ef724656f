// storage.k8s.io/v1 defaulters (pkg/apis/storage/v1/defaults.go): a StorageClass reclaims with Delete and
// binds Immediately unless it says otherwise; a CSIDriver gets the spec defaults a v1.32 server fills in.
import { child, setDefault, type Rec } from './json-access.js';

export function defaultStorageObject(resource: string, o: Rec): void {
  if (resource === 'storageclasses') {
    setDefault(o, 'reclaimPolicy', 'Delete');
    setDefault(o, 'volumeBindingMode', 'Immediate');
  } else if (resource === 'csidrivers') {
    const spec = child(o, 'spec');
    setDefault(spec, 'attachRequired', true);
    setDefault(spec, 'podInfoOnMount', false);
    setDefault(spec, 'storageCapacity', false);
    setDefault(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
    setDefault(spec, 'requiresRepublish', false);
    setDefault(spec, 'seLinuxMount', false);
    setDefault(spec, 'volumeLifecycleModes', ['Persistent']);
  }
}
