// kcurl expose: usage, help text and flags (kubectl expose's, pkg/cmd/expose/expose.go; the code loads lazily).
import { defineFlags, dryRunFlag, fieldManagerFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const EXPOSE_HELP: CommandHelp = {
  args: ['resource-type', 'name'],
  usage:
    'kcurl expose (-f FILENAME | TYPE NAME | TYPE/NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]',
  summary: 'Take a replication controller, service, deployment, replica set or pod and expose it as a new Kubernetes service',
  examples: [
    [
      'Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000',
      'kcurl expose deployment nginx --port=80 --target-port=8000',
    ],
    ['Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"', 'kcurl expose pod valid-pod --port=444 --name=frontend'],
    [
      'Create a second service based on the above service, exposing the container port 8443 as port 443',
      'kcurl expose service nginx --port=443 --target-port=8443 --name=nginx-https',
    ],
  ],
};

export const EXPOSE_FLAGS = defineFlags([
  { name: 'port', type: 'string', desc: 'The port that the service should serve on (copied from the exposed object if unspecified)' },
  { name: 'protocol', type: 'string', desc: "The network protocol for the service to be created (default 'TCP', or the exposed object's)" },
  { name: 'target-port', type: 'string', desc: 'Name or number for the port on the container that the service should direct traffic to' },
  { name: 'container-port', type: 'string', desc: 'Synonym for --target-port', hidden: true },
  { name: 'type', type: 'string', desc: 'Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName' },
  { name: 'name', type: 'string', desc: 'The name for the newly created object (default: the exposed object’s)' },
  { name: 'selector', type: 'string', desc: 'A label selector (k=v,…) for this service (default: the exposed object’s)' },
  { name: 'labels', short: 'l', type: 'string', desc: 'Labels to apply to the service (default: the exposed object’s)' },
  { name: 'external-ip', type: 'string', desc: 'Additional external IP address (not managed by Kubernetes) to accept for the service' },
  { name: 'load-balancer-ip', type: 'string', desc: 'IP to assign to the LoadBalancer' },
  { name: 'session-affinity', type: 'string', desc: "The session affinity for the service: 'None' or 'ClientIP'" },
  { name: 'cluster-ip', type: 'string', desc: "ClusterIP to be assigned to the service ('None' for a headless service)" },
  dryRunFlag('none, client (send nothing but the read, print the service) or server (dryRun=All)'),
  outputFlag(),
  fieldManagerFlag('kubectl-expose'),
  { name: 'save-config', type: 'boolean', desc: 'Store the configuration in the last-applied-configuration annotation (for a later apply)' },
  ...filenameFlags('to expose (kubectl sends no GET for them: the file is the object)'),
] as const);

export type ExposeFlags = CommandOptions<typeof EXPOSE_FLAGS>;
