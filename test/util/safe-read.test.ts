// readRegularFile against what a hostile path can name: FIFOs, devices, huge and sparse files,
// links, binary files. Each case is a real file in a temp folder; none may hang or echo content.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnreadableFileError, readRegularFile } from '../../src/util/safe-read.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-safe-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LIMITS = { maxBytes: 1024, followLinks: true } as const;
const SECRET = 'root:$6$not-a-real-hash$abcdefghijklmnop:20228:0:99999:7:::';

async function refusal(run: Promise<unknown>): Promise<UnreadableFileError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UnreadableFileError);
  return error as UnreadableFileError;
}

describe('readRegularFile', () => {
  it('reads a regular text file', async () => {
    const file = path.join(dir, 'profile.yaml');
    await writeFile(file, 'name: web\n');
    expect(await readRegularFile(file, LIMITS)).toBe('name: web\n');
  });

  it('refuses a FIFO with no writer at once instead of waiting for one', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const error = await refusal(readRegularFile(fifo, LIMITS));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.reason).toBe('not-regular');
    expect(error.message).toBe(`${fifo}: is a named pipe (FIFO), not a regular file`);
  });

  it('refuses /dev/zero without reading it', async () => {
    const error = await refusal(readRegularFile('/dev/zero', { maxBytes: 256 * 1024, followLinks: true }));
    expect(error.reason).toBe('not-regular');
    expect(error.message).toContain('is a character device');
  });

  it('refuses a directory', async () => {
    expect((await refusal(readRegularFile(dir, LIMITS))).message).toContain('is a directory');
  });

  it('refuses a 1 GiB file by its size, before reading any of it', async () => {
    const huge = path.join(dir, 'huge.yaml');
    await writeFile(huge, '');
    await truncate(huge, 1024 ** 3); // sparse: no disk used, but 1 GiB to read
    const started = Date.now();
    const error = await refusal(readRegularFile(huge, { maxBytes: 256 * 1024, followLinks: true }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe(`${huge}: is larger than 256 KiB`);
  });

  it('refuses a file one byte over the limit and names neither its size nor its content', async () => {
    const file = path.join(dir, 'big');
    await writeFile(file, SECRET.repeat(100).slice(0, 1025));
    const error = await refusal(readRegularFile(file, LIMITS));
    expect(error.reason).toBe('too-large');
    expect(error.message).not.toContain('root:');
  });

  it('refuses binary content (a NUL byte) without quoting it', async () => {
    const file = path.join(dir, 'binary');
    await writeFile(file, `${SECRET}\u0000\n`);
    const error = await refusal(readRegularFile(file, LIMITS));
    expect(error.reason).toBe('binary');
    expect(error.message).not.toContain('root:');
  });

  it('refuses a symbolic link when links are not followed, and says so', async () => {
    const target = path.join(dir, 'shadow');
    await writeFile(target, `${SECRET}\n`);
    const link = path.join(dir, '.secure-container.yaml');
    await symlink(target, link);
    const error = await refusal(readRegularFile(link, { maxBytes: 1024, followLinks: false }));
    expect(error.reason).toBe('symbolic-link');
    expect(error.message).toMatch(/\.secure-container\.yaml: is a symbolic link/);
    expect(error.message).not.toContain('root:');
    // The same link is read when the user named it.
    expect(await readRegularFile(link, LIMITS)).toBe(`${SECRET}\n`);
  });

  it('follows a link to a FIFO only as far as the check on the opened handle', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const link = path.join(dir, 'profile.yaml');
    await symlink(fifo, link);
    expect((await refusal(readRegularFile(link, LIMITS))).reason).toBe('not-regular');
  });

  it('reports a missing file as missing, and a path through a file as an I/O problem in words', async () => {
    expect((await refusal(readRegularFile(path.join(dir, 'nope'), LIMITS))).reason).toBe('missing');
    await writeFile(path.join(dir, 'file'), 'x');
    const error = await refusal(readRegularFile(path.join(dir, 'file', 'child'), LIMITS));
    expect(error.message).toContain('cannot read: a part of the path is not a directory');
  });

  it('escapes control characters in the path it names', async () => {
    const file = path.join(dir, 'evil\u001b[2Jname');
    const error = await refusal(readRegularFile(file, LIMITS));
    expect(error.message).toContain('evil\\x1b[2Jname');
    expect(error.message).not.toContain('\u001b');
  });
});
