// Every kcurl command: its declaration (name, help, flags from src/commands/<verb>/flags.ts) and a run
// function that imports the command's code only when it runs. Parsing, --help and shell completion read
// this list; main() dispatches through it.
import { type CommandSpec, defineCommand } from './spec.js';
import { API_RESOURCES_FLAGS, API_RESOURCES_HELP } from '../commands/api-resources/flags.js';
import { API_VERSIONS_FLAGS, API_VERSIONS_HELP } from '../commands/api-versions/flags.js';
import { APPLY_FLAGS, APPLY_HELP } from '../commands/apply/flags.js';
import { AUTH_HELP, CAN_I_FLAGS, CAN_I_HELP } from '../commands/auth/flags.js';
import { COMPLETION_FLAGS, COMPLETION_HELP } from '../commands/completion/flags.js';
import {
  CREATE_CONFIGMAP_FLAGS,
  CREATE_CONFIGMAP_HELP,
  CREATE_DEPLOYMENT_FLAGS,
  CREATE_DEPLOYMENT_HELP,
  CREATE_FLAGS,
  CREATE_HELP,
  CREATE_JOB_FLAGS,
  CREATE_JOB_HELP,
  CREATE_NAMESPACE_FLAGS,
  CREATE_NAMESPACE_HELP,
  CREATE_SECRET_DOCKER_FLAGS,
  CREATE_SECRET_DOCKER_HELP,
  CREATE_SECRET_GENERIC_FLAGS,
  CREATE_SECRET_GENERIC_HELP,
  CREATE_SECRET_HELP,
  CREATE_SECRET_TLS_FLAGS,
  CREATE_SECRET_TLS_HELP,
  CREATE_SERVICEACCOUNT_FLAGS,
  CREATE_SERVICE_CLUSTERIP_FLAGS,
  CREATE_SERVICE_HELP,
  CREATE_SERVICE_NODEPORT_FLAGS,
  CREATE_SERVICEACCOUNT_HELP,
  CREATE_TOKEN_FLAGS,
  CREATE_TOKEN_HELP,
} from '../commands/create/flags.js';
import {
  CREATE_CLUSTERROLEBINDING_FLAGS,
  CREATE_CLUSTERROLEBINDING_HELP,
  CREATE_CLUSTERROLE_FLAGS,
  CREATE_CLUSTERROLE_HELP,
  CREATE_ROLEBINDING_FLAGS,
  CREATE_ROLEBINDING_HELP,
  CREATE_ROLE_FLAGS,
  CREATE_ROLE_HELP,
} from '../commands/create/flags.js';
import { DELETE_FLAGS, DELETE_HELP } from '../commands/delete/flags.js';
import { RUN_FLAGS, RUN_HELP } from '../commands/run/flags.js';
import { EXPOSE_FLAGS, EXPOSE_HELP } from '../commands/expose/flags.js';
import { CLUSTER_INFO_DUMP_FLAGS, CLUSTER_INFO_DUMP_HELP, CLUSTER_INFO_FLAGS, CLUSTER_INFO_HELP } from '../commands/cluster-info/flags.js';
import { DEMO_FLAGS, DEMO_HELP } from '../commands/demo/flags.js';
import { DESCRIBE_FLAGS, DESCRIBE_HELP } from '../commands/describe/flags.js';
import { GET_FLAGS, GET_HELP } from '../commands/get/flags.js';
import { ANNOTATE_FLAGS, ANNOTATE_HELP, LABEL_FLAGS, LABEL_HELP } from '../commands/label/flags.js';
import { LOGS_FLAGS, LOGS_HELP } from '../commands/logs/flags.js';
import { PATCH_FLAGS, PATCH_HELP } from '../commands/patch/flags.js';
import { SCALE_FLAGS, SCALE_HELP } from '../commands/scale/flags.js';
import { SET_HELP, SET_IMAGE_FLAGS, SET_IMAGE_HELP } from '../commands/set/flags.js';
import { PROXY_FLAGS, PROXY_HELP } from '../commands/proxy/flags.js';
import { RBAC_FLAGS, RBAC_HELP } from '../commands/rbac/flags.js';
import { RECORD_FLAGS, RECORD_HELP } from '../commands/record/flags.js';
import { REPLAY_FLAGS, REPLAY_HELP } from '../commands/replay/flags.js';
import { SANDBOX_EXEC_FLAGS, SANDBOX_EXEC_HELP, SANDBOX_FLAGS, SANDBOX_HELP } from '../commands/sandbox/flags.js';
import { TOKEN_FLAGS, TOKEN_HELP } from '../commands/token/flags.js';
import { VERSION_FLAGS, VERSION_HELP } from '../commands/version/flags.js';
// rollout, wait, explain, edit
import {
  ROLLOUT_HELP,
  ROLLOUT_HISTORY_FLAGS,
  ROLLOUT_HISTORY_HELP,
  ROLLOUT_PATCH_FLAGS,
  ROLLOUT_PAUSE_HELP,
  ROLLOUT_RESTART_HELP,
  ROLLOUT_RESUME_HELP,
  ROLLOUT_STATUS_FLAGS,
  ROLLOUT_STATUS_HELP,
  ROLLOUT_UNDO_FLAGS,
  ROLLOUT_UNDO_HELP,
} from '../commands/rollout/flags.js';
import { WAIT_FLAGS, WAIT_HELP } from '../commands/wait/flags.js';
import { EXPLAIN_FLAGS, EXPLAIN_HELP } from '../commands/explain/flags.js';
import { ATTACH_FLAGS, ATTACH_HELP, CP_FLAGS, CP_HELP, EXEC_FLAGS, EXEC_HELP } from '../commands/exec/flags.js';
import { PORT_FORWARD_FLAGS, PORT_FORWARD_HELP } from '../commands/port-forward/flags.js';
import { EDIT_FLAGS, EDIT_HELP } from '../commands/edit/flags.js';

const createToken = defineCommand({
  name: 'token',
  ...CREATE_TOKEN_HELP,
  flags: CREATE_TOKEN_FLAGS,
  run: async (c) => (await import('../commands/create/token.js')).runCreateToken(c.session, c.positionals, c.opts),
});

// kubectl create's generator sub-commands: each builds one object from flags (src/commands/create/generated.ts).
const generated = (
  name: string,
  aliases: string[],
  which: import('../commands/create/generated.js').Generator,
  help: typeof CREATE_NAMESPACE_HELP,
  flags:
    | typeof CREATE_NAMESPACE_FLAGS
    | typeof CREATE_CONFIGMAP_FLAGS
    | typeof CREATE_SECRET_GENERIC_FLAGS
    | typeof CREATE_SECRET_TLS_FLAGS
    | typeof CREATE_SECRET_DOCKER_FLAGS
    | typeof CREATE_DEPLOYMENT_FLAGS
    | typeof CREATE_JOB_FLAGS
    | typeof CREATE_SERVICE_CLUSTERIP_FLAGS
    | typeof CREATE_SERVICE_NODEPORT_FLAGS
    | typeof CREATE_ROLE_FLAGS
    | typeof CREATE_CLUSTERROLE_FLAGS
    | typeof CREATE_ROLEBINDING_FLAGS
    | typeof CREATE_CLUSTERROLEBINDING_FLAGS,
) =>
  defineCommand({
    name,
    aliases,
    ...help,
    flags,
    run: async (c) => (await import('../commands/create/generated.js')).runCreateGenerated(c.session, which, c.positionals, c.rest, c.opts as never, c.given),
  });

const createSecret = defineCommand({
  name: 'secret',
  ...CREATE_SECRET_HELP,
  flags: CREATE_NAMESPACE_FLAGS,
  sub: [
    generated('generic', [], 'secret generic', CREATE_SECRET_GENERIC_HELP, CREATE_SECRET_GENERIC_FLAGS),
    generated('tls', [], 'secret tls', CREATE_SECRET_TLS_HELP, CREATE_SECRET_TLS_FLAGS),
    generated('docker-registry', [], 'secret docker-registry', CREATE_SECRET_DOCKER_HELP, CREATE_SECRET_DOCKER_FLAGS),
  ],
  run: async () => {
    const { usageError } = await import('../errors.js');
    throw usageError('kcurl create secret needs a type: generic, tls or docker-registry', "see 'kcurl create secret --help'");
  },
});

const createService = defineCommand({
  name: 'service',
  aliases: ['svc'],
  ...CREATE_SERVICE_HELP,
  flags: CREATE_NAMESPACE_FLAGS,
  sub: [
    generated('clusterip', [], 'service clusterip', { ...CREATE_SERVICE_HELP, summary: 'Create a ClusterIP service' }, CREATE_SERVICE_CLUSTERIP_FLAGS),
    generated('nodeport', [], 'service nodeport', { ...CREATE_SERVICE_HELP, summary: 'Create a NodePort service' }, CREATE_SERVICE_NODEPORT_FLAGS),
  ],
  run: async () => {
    const { usageError } = await import('../errors.js');
    throw usageError('kcurl create service needs a type: clusterip or nodeport', "see 'kcurl create service --help'");
  },
});

// kubectl create role, clusterrole, rolebinding, clusterrolebinding (src/commands/create/rbac.ts).
const CREATE_RBAC_GENERATORS = [
  generated('role', [], 'role', CREATE_ROLE_HELP, CREATE_ROLE_FLAGS),
  generated('clusterrole', [], 'clusterrole', CREATE_CLUSTERROLE_HELP, CREATE_CLUSTERROLE_FLAGS),
  generated('rolebinding', [], 'rolebinding', CREATE_ROLEBINDING_HELP, CREATE_ROLEBINDING_FLAGS),
  generated('clusterrolebinding', [], 'clusterrolebinding', CREATE_CLUSTERROLEBINDING_HELP, CREATE_CLUSTERROLEBINDING_FLAGS),
];

const CREATE_GENERATORS = [
  ...CREATE_RBAC_GENERATORS,
  createService,
  generated('configmap', ['cm'], 'configmap', CREATE_CONFIGMAP_HELP, CREATE_CONFIGMAP_FLAGS),
  generated('namespace', ['ns'], 'namespace', CREATE_NAMESPACE_HELP, CREATE_NAMESPACE_FLAGS),
  generated('serviceaccount', ['sa'], 'serviceaccount', CREATE_SERVICEACCOUNT_HELP, CREATE_SERVICEACCOUNT_FLAGS),
  generated('deployment', ['deploy'], 'deployment', CREATE_DEPLOYMENT_HELP, CREATE_DEPLOYMENT_FLAGS),
  generated('job', [], 'job', CREATE_JOB_HELP, CREATE_JOB_FLAGS),
  createSecret,
];

const setImage = defineCommand({
  name: 'image',
  ...SET_IMAGE_HELP,
  flags: SET_IMAGE_FLAGS,
  run: async (c) => (await import('../commands/set/image.js')).runSetImage(c.session, c.positionals, c.opts, c.given),
});

const canI = defineCommand({
  name: 'can-i',
  ...CAN_I_HELP,
  flags: CAN_I_FLAGS,
  run: async (c) => (await import('../commands/auth/can-i.js')).runAuth(c.session, c.positionals, c.opts),
});

const sandboxExec = defineCommand({
  name: 'exec',
  ...SANDBOX_EXEC_HELP,
  flags: SANDBOX_EXEC_FLAGS,
  run: async (c) => (await import('../commands/sandbox/exec.js')).runSandboxExec(c.session, c.positionals.slice(1), c.rest, c.opts),
});

// kubectl run, expose and cluster-info (src/commands/run, expose, cluster-info).
const GENERATOR_COMMANDS = [
  defineCommand({
    name: 'run',
    ...RUN_HELP,
    flags: RUN_FLAGS,
    run: async (c) => (await import('../commands/run/run.js')).runRun(c.session, c.positionals, c.rest, c.opts, c.given),
  }),
  defineCommand({
    name: 'expose',
    ...EXPOSE_HELP,
    flags: EXPOSE_FLAGS,
    run: async (c) => (await import('../commands/expose/run.js')).runExpose(c.session, c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'cluster-info',
    ...CLUSTER_INFO_HELP,
    flags: CLUSTER_INFO_FLAGS,
    sub: [
      defineCommand({
        name: 'dump',
        ...CLUSTER_INFO_DUMP_HELP,
        flags: CLUSTER_INFO_DUMP_FLAGS,
        run: async (c) => (await import('../commands/cluster-info/dump.js')).runClusterInfoDump(c.session, c.positionals.slice(1), c.opts),
      }),
    ],
    run: async (c) => (await import('../commands/cluster-info/run.js')).runClusterInfo(c.session, c.positionals, c.given),
  }),
];

export const COMMANDS: readonly CommandSpec[] = [
  ...GENERATOR_COMMANDS,
  defineCommand({
    name: 'describe',
    ...DESCRIBE_HELP,
    flags: DESCRIBE_FLAGS,
    run: async (c) => (await import('../commands/describe/run.js')).runDescribe(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'get',
    ...GET_HELP,
    flags: GET_FLAGS,
    run: async (c) => (await import('../commands/get/run.js')).runGet(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'token',
    ...TOKEN_HELP,
    flags: TOKEN_FLAGS,
    run: async (c) => (await import('../commands/token/run.js')).runToken(c.session, c.opts),
  }),
  defineCommand({
    name: 'sandbox',
    ...SANDBOX_HELP,
    flags: SANDBOX_FLAGS,
    sub: [sandboxExec],
    run: async (c) => {
      const { runSandboxCommand } = await import('../commands/sandbox/command.js');
      const { sandboxContainerPrograms } = await import('../commands/sandbox/in-pod-kcurl.js');
      const { port, address, kubeconfig, state, nodes } = c.opts;
      // `kcurl` inside the sandbox's pods is this kcurl, with the pod's view.
      return runSandboxCommand(c.io, { port, address, kubeconfig, state, nodes, debug: c.debug, containerPrograms: sandboxContainerPrograms() });
    },
  }),
  defineCommand({
    name: 'demo',
    ...DEMO_HELP,
    flags: DEMO_FLAGS,
    run: async (c) => {
      const { runDemo } = await import('../commands/demo/run.js');
      const { checkNodeCount } = await import('../commands/sandbox/command.js');
      const nodes = checkNodeCount(c.opts.nodes);
      return runDemo(c.io, { pause: c.opts.pause, nodes, kcurlCommand: [...c.kcurlCommand], waitForEnter: async () => void (await c.io.readLine()) }, c.main);
    },
  }),
  defineCommand({
    name: 'logs',
    ...LOGS_HELP,
    flags: LOGS_FLAGS,
    run: async (c) => (await import('../commands/logs/run.js')).runLogs(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'auth',
    ...AUTH_HELP,
    flags: CAN_I_FLAGS,
    sub: [canI],
    run: async (c) => (await import('../commands/auth/can-i.js')).runAuth(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'api-versions',
    ...API_VERSIONS_HELP,
    flags: API_VERSIONS_FLAGS,
    run: async (c) => (await import('../commands/api-versions/run.js')).runApiVersions(c.session, c.positionals),
  }),
  defineCommand({
    name: 'api-resources',
    ...API_RESOURCES_HELP,
    flags: API_RESOURCES_FLAGS,
    run: async (c) => (await import('../commands/api-resources/run.js')).runApiResources(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'proxy',
    ...PROXY_HELP,
    flags: PROXY_FLAGS,
    run: async (c) => (await import('../commands/proxy/run.js')).runProxy(c.session, c.opts, c.given),
  }),
  defineCommand({
    name: 'record',
    ...RECORD_HELP,
    flags: RECORD_FLAGS,
    run: async (c) => (await import('../commands/record/run.js')).runRecord(c.session, c.positionals, c.rest, c.opts),
  }),
  defineCommand({
    name: 'rbac',
    ...RBAC_HELP,
    flags: RBAC_FLAGS,
    run: async (c) => (await import('../commands/rbac/run.js')).runRbac(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'replay',
    ...REPLAY_HELP,
    flags: REPLAY_FLAGS,
    run: async (c) => (await import('../commands/replay/run.js')).runReplay(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'apply',
    ...APPLY_HELP,
    flags: APPLY_FLAGS,
    run: async (c) => (await import('../commands/apply/run.js')).runApply(c.session, c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'create',
    ...CREATE_HELP,
    flags: CREATE_FLAGS,
    sub: [createToken, ...CREATE_GENERATORS],
    run: async (c) => (await import('../commands/create/run.js')).runCreate(c.session, c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'label',
    ...LABEL_HELP,
    flags: LABEL_FLAGS,
    run: async (c) => (await import('../commands/label/run.js')).runLabel(c.session, 'labels', c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'annotate',
    ...ANNOTATE_HELP,
    flags: ANNOTATE_FLAGS,
    run: async (c) => (await import('../commands/label/run.js')).runLabel(c.session, 'annotations', c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'scale',
    ...SCALE_HELP,
    flags: SCALE_FLAGS,
    run: async (c) => (await import('../commands/scale/run.js')).runScale(c.session, c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'patch',
    ...PATCH_HELP,
    flags: PATCH_FLAGS,
    run: async (c) => (await import('../commands/patch/run.js')).runPatch(c.session, c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'set',
    ...SET_HELP,
    flags: [],
    sub: [setImage],
    run: async () => {
      const { usageError } = await import('../errors.js');
      throw usageError('kcurl set needs a sub-command: image', "see 'kcurl set --help'");
    },
  }),
  defineCommand({
    name: 'delete',
    ...DELETE_HELP,
    flags: DELETE_FLAGS,
    run: async (c) => (await import('../commands/delete/run.js')).runDelete(c.session, c.positionals, c.opts, c.given),
  }),
  // rollout, wait, explain, edit
  defineCommand({
    name: 'rollout',
    ...ROLLOUT_HELP,
    flags: [],
    sub: [
      defineCommand({
        name: 'status',
        ...ROLLOUT_STATUS_HELP,
        flags: ROLLOUT_STATUS_FLAGS,
        run: async (c) => (await import('../commands/rollout/status.js')).runRolloutStatus(c.session, c.positionals.slice(1), c.opts, c.given),
      }),
      defineCommand({
        name: 'history',
        ...ROLLOUT_HISTORY_HELP,
        flags: ROLLOUT_HISTORY_FLAGS,
        run: async (c) => (await import('../commands/rollout/history.js')).runRolloutHistory(c.session, c.positionals.slice(1), c.opts, c.given),
      }),
      defineCommand({
        name: 'undo',
        ...ROLLOUT_UNDO_HELP,
        flags: ROLLOUT_UNDO_FLAGS,
        run: async (c) => (await import('../commands/rollout/history.js')).runRolloutUndo(c.session, c.positionals.slice(1), c.opts, c.given),
      }),
      ...(
        [
          ['restart', ROLLOUT_RESTART_HELP],
          ['pause', ROLLOUT_PAUSE_HELP],
          ['resume', ROLLOUT_RESUME_HELP],
        ] as const
      ).map(([verb, help]) =>
        defineCommand({
          name: verb,
          ...help,
          flags: ROLLOUT_PATCH_FLAGS,
          run: async (c) => (await import('../commands/rollout/patch.js')).runRolloutPatch(c.session, verb, c.positionals.slice(1), c.opts, c.given),
        }),
      ),
    ],
    run: async () => {
      const { usageError } = await import('../errors.js');
      throw usageError('kcurl rollout needs a sub-command: status, history, undo, restart, pause or resume', "see 'kcurl rollout --help'");
    },
  }),
  defineCommand({
    name: 'wait',
    ...WAIT_HELP,
    flags: WAIT_FLAGS,
    run: async (c) => (await import('../commands/wait/run.js')).runWait(c.session, c.positionals, c.opts, c.given),
  }),
  defineCommand({
    name: 'explain',
    ...EXPLAIN_HELP,
    flags: EXPLAIN_FLAGS,
    run: async (c) => (await import('../commands/explain/run.js')).runExplain(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'edit',
    ...EDIT_HELP,
    flags: EDIT_FLAGS,
    run: async (c) => (await import('../commands/edit/run.js')).runEdit(c.session, c.positionals, c.opts, c.given),
  }),
  // end of rollout, wait, explain, edit
  // The streaming verbs: exec, attach (src/commands/exec), cp (src/commands/cp) and port-forward (src/commands/port-forward).
  defineCommand({
    name: 'exec',
    ...EXEC_HELP,
    flags: EXEC_FLAGS,
    run: async (c) => (await import('../commands/exec/run.js')).runExec(c.session, c.positionals, c.rest, c.opts),
  }),
  defineCommand({
    name: 'attach',
    ...ATTACH_HELP,
    flags: ATTACH_FLAGS,
    run: async (c) => (await import('../commands/exec/run.js')).runAttach(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'cp',
    ...CP_HELP,
    flags: CP_FLAGS,
    run: async (c) => (await import('../commands/cp/run.js')).runCp(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'port-forward',
    ...PORT_FORWARD_HELP,
    flags: PORT_FORWARD_FLAGS,
    run: async (c) => (await import('../commands/port-forward/run.js')).runPortForward(c.session, c.positionals, c.opts),
  }),
  defineCommand({
    name: 'completion',
    ...COMPLETION_HELP,
    flags: COMPLETION_FLAGS,
    run: async (c) => (await import('../commands/completion/run.js')).runCompletion(c.io, c.positionals),
  }),
  defineCommand({
    name: 'version',
    ...VERSION_HELP,
    flags: VERSION_FLAGS,
    run: async (c) => {
      const { KCURL_VERSION } = await import('./session.js');
      c.io.stdout.write(`kcurl ${KCURL_VERSION}\n`);
      return 0;
    },
  }),
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The sub-command of `parent` named `word`, if any. */
export function findSubCommand(parent: CommandSpec, word: string): CommandSpec | undefined {
  return parent.sub?.find((c) => c.name === word || c.aliases?.includes(word));
}
