// A fresh project folder per test, removed after it, and a way to write files into it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Creates a temporary folder before each test (handed to `created`) and removes it after. */
export function tempProjectPerTest(prefix: string, created: (dir: string) => void): void {
  let current = '';
  beforeEach(async () => {
    current = await mkdtemp(path.join(tmpdir(), prefix));
    created(current);
  });
  afterEach(() => rm(current, { recursive: true, force: true }));
}

/** Writes `entries` (relative path → content) under dir, creating folders. */
export async function writeFiles(dir: string, entries: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, content] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}
