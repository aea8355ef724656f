// Command lines are stored and printed with credential values replaced (recordings, snippet comments, reports).
import { describe, expect, it } from 'vitest';
import { commandLineText, redactArgv } from '../../../src/render/command-line.js';
import { shellComment } from '../../../src/render/shell-quote.js';

describe('redactArgv', () => {
  it.each([
    [
      ['get', 'pods', '--token', 's3cret'],
      ['get', 'pods', '--token', '<redacted>'],
    ],
    [
      ['get', 'pods', '--token=s3cret'],
      ['get', 'pods', '--token=<redacted>'],
    ],
    [
      ['--password=hunter2', '--username', 'admin'],
      ['--password=<redacted>', '--username', 'admin'],
    ],
    [
      ['create', 'secret', 'generic', 's', '--from-literal=pw=hunter2', '--from-literal', 'k=v=w'],
      ['create', 'secret', 'generic', 's', '--from-literal=pw=<redacted>', '--from-literal', 'k=<redacted>'],
    ],
    [
      ['record', '--', 'kubectl', '--token', 'abc', 'get', 'pods'],
      ['record', '--', 'kubectl', '--token', '<redacted>', 'get', 'pods'],
    ],
    [
      ['create', 'token', 'default', '--as', 'jane', '--as-group=dev'],
      ['create', 'token', 'default', '--as', 'jane', '--as-group=dev'],
    ],
    [
      ['get', 'pods', '--token'],
      ['get', 'pods', '--token'],
    ],
    [
      ['create', 'secret', 'generic', 's', '--from_literal=pw=x', '--docker_password', 'y'],
      ['create', 'secret', 'generic', 's', '--from_literal=pw=<redacted>', '--docker_password', '<redacted>'],
    ],
  ])('%j → %j', (argv, expected) => {
    expect(redactArgv(argv)).toEqual(expected);
  });

  it('never keeps the value in the printed command line', () => {
    const text = commandLineText(['kcurl', 'get', 'pods', '--token', "s3cr'et\nrm -rf ~"]);
    expect(text).not.toContain('s3cr');
    expect(text).toBe("kcurl get pods --token '<redacted>'");
  });
});

describe('shellComment', () => {
  it.each(['a\nb', 'a\rb', 'a\r\nb'])('starts every line of %j with the prefix', (text) => {
    expect(shellComment(text).split('\n')).toEqual(['# a', '# b']);
  });
});
