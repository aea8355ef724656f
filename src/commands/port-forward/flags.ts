// kcurl port-forward: usage, help text and flags (loaded on every run; the run code lazily). Flags as kubectl v1.32
// declares them (pkg/cmd/portforward/portforward.go).
import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const PORT_FORWARD_HELP: CommandHelp = {
  usage: 'kcurl port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]',
  summary: 'Forward one or more local ports to a pod (the pod GETs, then a WebSocket GET …/portforward carrying SPDY, as kubectl port-forward)',
  examples: [
    ['Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod', 'kcurl port-forward pod/mypod 5000 6000'],
    ['Listen on port 8888 locally, forwarding to 5000 in a pod selected by the deployment', 'kcurl port-forward deployment/mydeployment 8888:5000'],
    ['Listen on port 8443 locally, forwarding to the targetPort of the service\'s port named "https"', 'kcurl port-forward service/myservice 8443:https'],
    ['Listen on a random port locally, forwarding to 5000 in the pod', 'kcurl port-forward pod/mypod :5000'],
    ['Listen on port 8888 on all addresses, forwarding to 5000 in the pod', 'kcurl port-forward --address 0.0.0.0 pod/mypod 8888:5000'],
  ],
};

export const PORT_FORWARD_FLAGS = defineFlags([
  {
    name: 'address',
    type: 'array',
    desc: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kcurl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.',
    default: ['localhost'],
  },
  {
    name: 'pod-running-timeout',
    type: 'string',
    desc: 'How long to wait until at least one pod of TYPE/NAME exists (e.g. 5s, 2m)',
    default: '1m0s',
  },
] as const);

export type PortForwardFlags = CommandOptions<typeof PORT_FORWARD_FLAGS>;
