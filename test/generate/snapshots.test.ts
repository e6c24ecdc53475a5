// The complete generated tree for every profile in the matrix, pinned byte for byte under
// snapshots/<case>/. A difference fails with a unified diff. To accept an intended change, run
// `npm run snapshots:update` and review `git diff snapshots/` like code.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/generate/plan.js';
import { PROFILES } from '../helpers/profiles.js';

const SNAPSHOTS = path.resolve(import.meta.dirname, '../../snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

async function readTree(dir: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return tree;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    tree.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full, 'utf8'));
  }
  return tree;
}

describe('snapshots', () => {
  it('covers the whole matrix and nothing else', async () => {
    const onDisk = (await readdir(SNAPSHOTS, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
    if (UPDATE) {
      for (const stale of onDisk.filter((name) => !(name in PROFILES))) await rm(path.join(SNAPSHOTS, stale), { recursive: true });
      return;
    }
    expect(onDisk.sort()).toEqual(Object.keys(PROFILES).sort());
  });

  for (const [name, profile] of Object.entries(PROFILES)) {
    it(name, async () => {
      const dir = path.join(SNAPSHOTS, name);
      const files = plan(profile);
      if (UPDATE) {
        await rm(dir, { recursive: true, force: true });
        for (const file of files) {
          await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
          await writeFile(path.join(dir, file.path), file.content);
        }
        return;
      }
      const expected = await readTree(dir);
      expect(files.map((f) => f.path).sort(), `files generated for ${name}`).toEqual([...expected.keys()].sort());
      const diffs = files
        .filter((file) => expected.get(file.path) !== file.content)
        .map((file) => createTwoFilesPatch(`snapshot/${file.path}`, `generated/${file.path}`, expected.get(file.path) ?? '', file.content));
      expect(diffs.join('\n'), 'generated output differs from snapshots/ (npm run snapshots:update, then review git diff)').toBe('');
    });
  }
});

/** The same data with every object's keys in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
}

describe('determinism', () => {
  it('gives the same bytes for the same answers, whatever order they came in', () => {
    for (const profile of Object.values(PROFILES)) {
      expect(plan(reverseKeys(profile))).toEqual(plan(profile));
    }
  });
});
