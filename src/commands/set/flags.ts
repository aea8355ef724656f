// kcurl set image: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags, dryRunFlag, fieldManagerFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const SET_HELP: CommandHelp = {
  usage: 'kcurl set image (-f FILENAME | TYPE NAME | TYPE/NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N',
  summary: 'Set specific features on objects (image)',
  examples: [["Set a deployment's nginx container image to nginx:1.9.1", 'kcurl set image deployment/nginx nginx=nginx:1.9.1']],
};

export const SET_IMAGE_HELP: CommandHelp = {
  usage:
    'kcurl set image (-f FILENAME | TYPE NAME | TYPE/NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [--dry-run=server|client|none]',
  summary: "Update the image of a pod template's containers (GET, then a strategic merge PATCH)",
  examples: [
    ["Set a deployment's nginx container image to nginx:1.9.1", 'kcurl set image deployment/nginx nginx=nginx:1.9.1'],
    ["Update all containers' images to nginx:1.9.1", "kcurl set image deployments/nginx '*=nginx:1.9.1'"],
  ],
};

export const SET_IMAGE_FLAGS = defineFlags([
  dryRunFlag('none, client (send only the GET) or server (dryRun=All)'),
  outputFlag(),
  fieldManagerFlag('kubectl-set'),
  ...filenameFlags('whose images to set'),
] as const);

export type SetImageFlags = CommandOptions<typeof SET_IMAGE_FLAGS>;
