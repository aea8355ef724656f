// kubectl port-forward and kcurl port-forward, row by row: the GETs that resolve the pod and the WebSocket upgrade
// of …/portforward, the same output once a page has been fetched through the port, the same exit code, and a snippet
// whose python3-websocket client makes the same requests and forwards the port.
import { defineRowSuites } from './harness.js';
import { PORT_FORWARD_NS, PORT_FORWARD_ROWS, seedPortForward } from './table-port-forward.js';

defineRowSuites(
  { namespaces: [PORT_FORWARD_NS], prepare: (env) => seedPortForward(env.ops) },
  { title: 'port-forward: kcurl sends and prints what kubectl v1.32 does', rows: PORT_FORWARD_ROWS },
);
