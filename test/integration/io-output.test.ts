// systemIo()'s stdout and stderr write pipes and files with write(2), and hand every write from the first one that
// fails to process.stdout/stderr: checked with the built bundle in a child process whose stdout is a pipe.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-kcurl.js';

const LOADER = join(REPO_ROOT, 'bin', 'code-cache.cjs');
const LINES = 100_000; // about 1.2 MB: far more than a pipe holds

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcurl-io-output-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A child that writes LINES numbered lines through systemIo().stdout, then reports on stderr. */
function writer(prelude: string): string {
  const script = join(dir, 'write.cjs');
  writeFileSync(
    script,
    `${prelude}\n` +
      `const io = require(${JSON.stringify(LOADER)}).loadKcurl().exports.systemIo();\n` +
      `for (let i = 0; i < ${LINES}; i++) io.stdout.write(i % 2 ? \`line \${i}\\n\` : Buffer.from(\`line \${i}\\n\`));\n` +
      `const loaded = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));\n` +
      // Bytes still queued in process.stdout: the direct writes stopped (EAGAIN) and the stream took over.
      `const queued = loaded.includes('net') && process.stdout.writableLength > 0;\n` +
      // The stream Node makes for a file or /dev/null (a SyncWriteStream).
      `const sync = loaded.includes('internal/fs/sync_write_stream');\n` +
      `require('node:fs').writeSync(2, JSON.stringify({ net: loaded.includes('net'), tty: io.isStdoutTTY, queued, sync }) + '\\n');\n`,
  );
  return script;
}

const expected = () => Array.from({ length: LINES }, (_, i) => `line ${i}\n`).join('');

/** Runs the script with stdout a pipe that is read only once the child has written everything. */
function runWithLateReader(
  script: string,
): Promise<{ stdout: string; report: { net: boolean; tty: boolean; queued: boolean; sync: boolean }; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.pause();
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('\n')) child.stdout.resume();
    });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ stdout: Buffer.concat(out).toString(), report: JSON.parse(err.split('\n')[0]), code });
      } catch (e) {
        reject(new Error(`${String(e)}: ${err}`));
      }
    });
  });
}

describe('systemIo output', () => {
  it('writes a pipe directly, without process.stdout (no net module), every byte in order', async () => {
    // Read as it comes: the child blocks in write(2) while the pipe is full.
    const script = writer('');
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', () => resolve({ stdout: Buffer.concat(out).toString(), stderr: err }));
    });
    expect(JSON.parse(r.stderr)).toEqual({ net: false, tty: false, queued: false, sync: false });
    expect(r.stdout).toBe(expected());
  });

  it('hands the rest to process.stdout when a non-blocking pipe is full (EAGAIN), every byte in order', async () => {
    // Creating process.stdout first makes the pipe non-blocking (libuv), as a parent sharing it would.
    const r = await runWithLateReader(writer('process.stdout;'));
    expect(r.code).toBe(0);
    expect(r.report).toEqual({ net: true, tty: false, queued: true, sync: false });
    expect(r.stdout).toBe(expected());
  });

  /** Runs the writer with stdout on `fd`; what it reports on stderr. */
  const writerReportTo = (fd: number) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [writer('')], { stdio: ['ignore', fd, 'pipe'] });
      let err = '';
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(err));
    });

  it('writes a file directly', async () => {
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    try {
      const report = await writerReportTo(fd);
      expect(JSON.parse(report)).toEqual({ net: false, tty: false, queued: false, sync: false });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(expected());
  });

  it('writes /dev/null directly, without the stream Node makes for it', async () => {
    const fd = openSync('/dev/null', 'w');
    try {
      const report = await writerReportTo(fd);
      expect(JSON.parse(report)).toEqual({ net: false, tty: false, queued: false, sync: false });
    } finally {
      closeSync(fd);
    }
  });
});
