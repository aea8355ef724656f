// kubectl edit's editor command line (editor.defaultEnvEditor): KUBE_EDITOR, then EDITOR, then vi; split at
// spaces, or handed to the shell when the setting holds quotes or backslashes.
import { describe, expect, it } from 'vitest';
import { editorCommand } from '../../../src/commands/edit/run.js';

describe('editorCommand', () => {
  it.each([
    ['vi by default', {}, ['vi', ['/tmp/f.yaml']]],
    ['EDITOR alone', { EDITOR: 'nano' }, ['nano', ['/tmp/f.yaml']]],
    ['KUBE_EDITOR before EDITOR', { KUBE_EDITOR: 'code -w', EDITOR: 'nano' }, ['code', ['-w', '/tmp/f.yaml']]],
    ['an empty KUBE_EDITOR is skipped', { KUBE_EDITOR: '', EDITOR: 'nano' }, ['nano', ['/tmp/f.yaml']]],
    ['quotes go to the shell', { EDITOR: "sed -i 's/a/b/'", SHELL: '/bin/bash' }, ['/bin/bash', ['-c', 'sed -i \'s/a/b/\' "/tmp/f.yaml"']]],
    ['sh when SHELL is unset', { EDITOR: 'sed -i s/\\(a\\)/b/' }, ['sh', ['-c', 'sed -i s/\\(a\\)/b/ "/tmp/f.yaml"']]],
  ])('%s', (_name, env, want) => {
    expect(editorCommand(env as Record<string, string>, '/tmp/f.yaml')).toEqual(want);
  });
});
