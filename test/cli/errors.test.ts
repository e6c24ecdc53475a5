// reportFailure: file-system errors in words with their path (exit 2), control characters
// escaped in every message, unknown errors still asking for a report.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT, UsageError, reportFailure } from '../../src/cli/errors.js';

let dir: string;
let printed: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-errors-'));
  printed = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => {
    printed += String(text);
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('reportFailure', () => {
  it('turns ENOENT from a read into "cannot open PATH: no such file or directory"', async () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(reportFailure(await failure(() => readFile(missing)))).toBe(EXIT.usage);
    expect(printed).toBe(`create-secure-container: cannot open ${missing}: no such file or directory\n`);
  });

  it('says write for calls that change the file system (ENOTDIR from mkdir)', async () => {
    await writeFile(path.join(dir, 'file'), 'x');
    const error = await failure(() => mkdir(path.join(dir, 'file', 'sub')));
    expect(reportFailure(error)).toBe(EXIT.usage);
    expect(printed).toBe(`create-secure-container: cannot write ${path.join(dir, 'file', 'sub')}: a part of the path is not a directory\n`);
  });

  // As root no EACCES can be provoked, and a failed write() carries no path: errors shaped as Node makes them.
  it('names permission and space problems in words', () => {
    const eacces = Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES', syscall: 'open', path: '/srv/app/Dockerfile' });
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/srv/app/Dockerfile' });
    reportFailure(eacces);
    reportFailure(enospc);
    expect(printed).toBe(
      'create-secure-container: cannot open /srv/app/Dockerfile: permission denied\n' +
        'create-secure-container: cannot write /srv/app/Dockerfile: no space left on the device\n',
    );
  });

  it('escapes control characters, newlines included, in a path from an fs error', async () => {
    const evil = path.join(dir, 'a\u001b[2J\nDone.');
    reportFailure(await failure(() => readFile(evil)));
    expect(printed).toBe(`create-secure-container: cannot open ${dir}/a\\x1b[2J\\nDone.: no such file or directory\n`);
  });

  it('escapes control characters in user errors', () => {
    reportFailure(new UsageError('bad value "\u001b]0;title\u0007"'));
    expect(printed).toBe('create-secure-container: bad value "\\x1b]0;title\\x07"\n');
  });

  it('keeps asking for a report for errors it does not know', () => {
    expect(reportFailure(new TypeError('x is not a function'))).toBe(EXIT.usage);
    expect(printed).toMatch(/^create-secure-container: unexpected error: x is not a function\nPlease report it/);
    printed = '';
    reportFailure(Object.assign(new Error('no path'), { code: 'ENOSPC', syscall: 'write' }));
    expect(printed).toMatch(/unexpected error/);
  });
});
