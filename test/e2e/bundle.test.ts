// The non-interactive paths must never load React or Ink: in the bundle, nothing reachable from
// the generate and doctor chunks by static imports holds them; only the wizard chunk, which
// generate imports dynamically when it has a terminal, does.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const REACT_MARKER = /Symbol\.for\("react\.(?:transitional\.)?element"\)/;

function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, target] of text.matchAll(/(?:^|[;}\s])import\s*(?:[\w${},\s*]+from\s*)?"(\.{1,2}\/[^"]+)"/g)) visit(path.resolve(path.dirname(file), target!));
  };
  visit(entry);
  return [...seen];
}

const chunk = (prefix: string) => {
  const name = readdirSync(path.join(DIST, 'chunks')).find((file) => file.startsWith(`${prefix}-`) && file.endsWith('.js'));
  if (!name) throw new Error(`no ${prefix} chunk in dist/chunks`);
  return path.join(DIST, 'chunks', name);
};

describe('the bundle', () => {
  it.runIf(existsSync(path.join(DIST, 'cli.js')))('keeps React and Ink out of everything generate and doctor load up front', () => {
    for (const entry of [path.join(DIST, 'cli.js'), chunk('generate'), chunk('doctor')]) {
      const loaded = staticClosure(entry);
      expect(loaded.length).toBeGreaterThan(0);
      for (const file of loaded) expect(REACT_MARKER.test(readFileSync(file, 'utf8')), `${path.basename(entry)} loads ${path.basename(file)}`).toBe(false);
    }
    const wizard = staticClosure(chunk('wizard'));
    expect(wizard.some((file) => REACT_MARKER.test(readFileSync(file, 'utf8')))).toBe(true);
    const generate = staticClosure(chunk('generate')).map((file) => readFileSync(file, 'utf8'));
    expect(generate.some((text) => /import\("\.\/wizard-[A-Z0-9]+\.js"\)/.test(text))).toBe(true);
  });

  it.runIf(existsSync(path.join(DIST, 'cli.js')))('loads the shell parser (unbash) only with the audit: not for --help, --version, generate or doctor', () => {
    const SHELL_PARSER = /HereDocDelimiter/;
    for (const entry of [path.join(DIST, 'cli.js'), chunk('generate'), chunk('doctor')]) {
      for (const file of staticClosure(entry)) expect(SHELL_PARSER.test(readFileSync(file, 'utf8')), `${path.basename(entry)} loads ${path.basename(file)}`).toBe(false);
    }
    const audits = readdirSync(path.join(DIST, 'chunks')).filter((file) => file.startsWith('audit-'));
    expect(audits.some((name) => staticClosure(path.join(DIST, 'chunks', name)).some((file) => SHELL_PARSER.test(readFileSync(file, 'utf8'))))).toBe(true);
  });

  it.runIf(existsSync(path.join(DIST, 'cli.js')))('keeps the generator\'s profile schema (zod) out of the audit: it cost every audit 20 ms to start', () => {
    const ZOD = /ZodObject/;
    const audits = readdirSync(path.join(DIST, 'chunks')).filter((file) => file.startsWith('audit-'));
    expect(audits.length).toBeGreaterThan(0);
    for (const name of audits) {
      for (const file of staticClosure(path.join(DIST, 'chunks', name))) expect(ZOD.test(readFileSync(file, 'utf8')), `${name} loads ${path.basename(file)}`).toBe(false);
    }
    expect(readdirSync(path.join(DIST, 'chunks')).some((file) => ZOD.test(readFileSync(path.join(DIST, 'chunks', file), 'utf8')))).toBe(true);
  });

  it.runIf(existsSync(path.join(DIST, 'cli.js')))('packs under 1 MB: no source maps, no devtools client', () => {
    const files = readdirSync(DIST, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.resolve(DIST, '..'), encoding: 'utf8' })) as { size: number; files: { path: string }[] }[];
    expect(pack!.size).toBeLessThan(1024 * 1024);
    expect(pack!.files.map((f) => f.path).filter((p) => /devtools(?!-stub)/.test(p))).toEqual([]);
  });
});
