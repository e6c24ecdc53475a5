// Detection as the runs without questions use it (src/profile/detect/for-run.ts), the pieces it is
// made of (go-main, python-command, shell-words, run-command), and the command line end to end.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { generateCommand } from '../../src/commands/generate.js';
import { detect } from '../../src/profile/detect.js';
import { detectionForRun } from '../../src/profile/detect/for-run.js';
import { chooseGoMain } from '../../src/profile/detect/go-main.js';
import { commandFromDockerfile, commandFromDocs, commandFromProcfile } from '../../src/profile/detect/python-command.js';
import { profileInputFromFlags } from '../../src/profile/flags.js';
import { ProfileError, mergeInputs, validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { commandProblems, listenAddress, pythonCmdArguments } from '../../src/profile/run-command.js';
import { splitShellWords } from '../../src/profile/shell-words.js';
import { Answers } from '../../src/ui/wizard/answers.js';
import { tempProjectPerTest, writeFiles } from '../helpers/temp-project.js';

let dir: string;
tempProjectPerTest('csc-detect-run-', (created) => (dir = created));
const files = (entries: Record<string, string>) => writeFiles(dir, entries);

const offline = { git: false } as const;
const GO_SERVER = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const GO_CLI = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("cli") }\n';

/** The command as a user runs it, in this process; stdout and the exit code or error. */
async function run(args: string[]): Promise<{ code?: number; error?: Error; stdout: string }> {
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await generateCommand([dir, ...args, '--no-color']), stdout };
  } catch (error) {
    return { error: error as Error, stdout };
  } finally {
    write.mockRestore();
  }
}

describe('--yes uses detection instead of guessing', () => {
  it('a Go module with cmd/server gets a Go Dockerfile building ./cmd/server (it used to get Node)', async () => {
    await files({ 'go.mod': 'module example.com/acme/shop\n\ngo 1.25\n', 'cmd/server/main.go': GO_SERVER, 'cmd/shopctl/main.go': GO_CLI });
    const { code, stdout } = await run(['--yes', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--language go {2}\(go\.mod\)/);
    expect(stdout).toMatch(/--entrypoint \.\/cmd\/server {2}\(cmd\/server\/main\.go, the main package that serves\)/);
  });

  it('a TypeScript app started with `node dist/server.js` gets CMD ["dist/server.js"]', async () => {
    await files({ 'package.json': JSON.stringify({ name: 'api', scripts: { build: 'tsc', start: 'node dist/server.js' } }), 'package-lock.json': '{}' });
    expect((await run(['--yes'])).code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^CMD \["dist\/server\.js"\]$/m);
  });

  it('no language: stops naming --language (exit 2 as a usage error), writing nothing', async () => {
    await files({ 'notes.txt': 'hello' });
    const { error } = await run(['--yes']);
    expect(error?.name).toBe('UsageError');
    expect(error?.message).toMatch(/no language detected .*set it with --language node\|python\|go\|java\|rust/);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('two languages: stops naming both files and --language; --language settles it', async () => {
    await files({ 'go.mod': 'module example.com/x\n\ngo 1.25\n', 'main.go': GO_SERVER, 'package.json': '{"name":"x"}' });
    const { error } = await run(['--yes', '--dry-run']);
    expect(error?.message).toMatch(/files of 2 languages \(Go: go\.mod, Node\.js: package\.json\); say which one the image runs with --language/);
    expect((await run(['--yes', '--dry-run', '--language', 'go'])).code).toBe(0);
  });

  it('a runtime version the project does not declare: --yes stops naming --runtime-version; the flag settles it (issue 10)', async () => {
    await files({ 'package.json': JSON.stringify({ name: 'old', main: 'server.js', engines: { node: '18.x' } }), 'server.js': 'require("http").createServer().listen(3000)\n' });
    const { error } = await run(['--yes', '--dry-run']);
    expect(error?.message).toBe('package.json: engines.node "18.x" allows none of the supported Node.js versions, so the image would change the version the project runs on: "22", "24"; choose one with --runtime-version');
    expect((await run(['--yes', '--dry-run', '--runtime-version', '22'])).code).toBe(0);
  });

  it('several Go main packages, none serving: stops listing them and naming --entrypoint', async () => {
    await files({ 'go.mod': 'module example.com/tools\n\ngo 1.25\n', 'cmd/a/main.go': GO_CLI, 'cmd/b/main.go': GO_CLI });
    const { error } = await run(['--yes', '--dry-run']);
    expect(error?.message).toBe('several main packages, none clearly the server: "./cmd/a", "./cmd/b"; choose one with --entrypoint');
    // The wizard shows the same as a note, and proposes none of them.
    const detection = await detect(dir, offline);
    expect(detection.input.entrypoint).toBeUndefined();
    expect(detection.notes).toContain('several Go main packages, none clearly the server (./cmd/a, ./cmd/b); choose one as the entry point.');
    expect((await run(['--yes', '--dry-run', '--entrypoint', './cmd/b'])).code).toBe(0);
  });

  it('a saved profile is regenerated as it is, without detecting again', async () => {
    await files({ 'go.mod': 'module example.com/x\n\ngo 1.25\n', 'main.go': GO_SERVER });
    expect((await run(['--yes'])).code).toBe(0);
    await files({ 'package.json': '{"name":"x"}' }); // now two languages; the saved profile says go
    const again = await run(['--dry-run']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Detected/);
  });
});

describe('detectionForRun', () => {
  it('keeps flags over detection, and drops the detected entry point with a detected language the flags replace', async () => {
    await files({ 'package.json': JSON.stringify({ name: 'web', scripts: { start: 'node dist/server.js' } }), 'package-lock.json': '{}' });
    const detection = await detect(dir, offline);
    const given = profileInputFromFlags({ language: 'python', name: 'other' });
    const result = detectionForRun(detection, given);
    expect(result.stop).toBeUndefined();
    expect(result.input).toEqual({});
    const kept = detectionForRun(detection, profileInputFromFlags({ port: '9000' }));
    expect(kept.input).toEqual({ language: 'node', name: 'web', buildTool: 'npm', entrypoint: 'dist/server.js' });
    expect(kept.lines).toContain('--entrypoint dist/server.js  (package.json scripts.start)');
  });

  it('an entry point given by flag wins over a detected run command', async () => {
    await files({ 'requirements.txt': 'gunicorn\n', 'Procfile': 'web: gunicorn app:app -b 0.0.0.0:8000\n', 'app.py': '' });
    const detection = await detect(dir, offline);
    expect(detection.input.command).toEqual(['gunicorn', 'app:app', '-b', '0.0.0.0:8000']);
    expect(detectionForRun(detection, profileInputFromFlags({ entrypoint: 'worker.py' })).input.command).toBeUndefined();
  });

  it('describes a value that is long or multi-line instead of printing it', () => {
    const detection = { input: { namespace: 'team-a\nteam-b' }, sources: { namespace: 'k8s/ns.yaml' }, notes: [], languages: [{ language: 'go' as const, source: 'go.mod' }] };
    expect(detectionForRun(detection, {}).lines).toEqual(['--namespace a 13-character multi-line value  (k8s/ns.yaml)']);
  });
});

describe('Python', () => {
  it('Poetry + FastAPI: the README command, --reload dropped, bound to 0.0.0.0, its port', async () => {
    await files({
      'pyproject.toml': '[project]\nname = "quotes"\n\n[tool.poetry]\npackage-mode = false\n',
      'poetry.lock': '',
      'main.py': 'app = None\n',
      'README.md': '# quotes\n\n    $ uvicorn main:app --reload --port 8001\n',
    });
    const found = await detect(dir, offline);
    expect(found.input).toMatchObject({ language: 'python', buildTool: 'poetry', command: ['uvicorn', 'main:app', '--port', '8001', '--host', '0.0.0.0'], port: 8001, entrypoint: 'main.py' });
    expect(found.sources).toMatchObject({ command: 'README.md', port: "README.md (the command's listen address)" });
  });

  it('gunicorn from an existing Dockerfile CMD; a Procfile that needs a shell is noted, not echoed', async () => {
    await files({ 'requirements.txt': 'gunicorn\n', 'Procfile': 'web: gunicorn app:app --bind 0.0.0.0:$PORT\n', 'Dockerfile': 'FROM python:3.13\nCMD ["gunicorn", "-b", "0.0.0.0:80", "app:app"]\n' });
    const found = await detect(dir, offline);
    expect(found.input.command).toEqual(['gunicorn', '-b', '0.0.0.0:80', 'app:app']);
    expect(found.sources.command).toBe('Dockerfile');
    expect(found.notes).toContain('Procfile: the command uses $ or ` expansion, which needs a shell (the image has none); give the run command with --command.');
  });

  it('[project.scripts] becomes the command; a package with __main__.py is the entry point', async () => {
    await files({ 'pyproject.toml': '[project]\nname = "svc"\n\n[project.scripts]\nsvc-run = "svc.main:run"\n', 'uv.lock': '', 'src/svc/__main__.py': '' });
    const found = await detect(dir, offline);
    expect(found.input).toMatchObject({ command: ['svc-run'], entrypoint: 'svc' });
    expect(found.sources).toMatchObject({ command: 'pyproject.toml [project.scripts]', entrypoint: 'src/svc/__main__.py' });
  });

  it('a README or Procfile line made to be slow to match is read in one pass', () => {
    const start = performance.now();
    expect(commandFromDocs(`uvicorn ${' '.repeat(900)}x`)).toEqual({ words: ['uvicorn', 'x', '--host', '0.0.0.0'] });
    expect(commandFromDocs(`uvicorn ${' '.repeat(500_000)}x\n`.repeat(2))).toBeUndefined();
    expect(commandFromProcfile(`web:${' '.repeat(500_000)}\n`)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('commands from each kind of file', () => {
    expect(commandFromProcfile('release: python migrate.py\nweb: gunicorn app:app -b 0.0.0.0:8000\n')).toEqual({ words: ['gunicorn', 'app:app', '-b', '0.0.0.0:8000'] });
    expect(commandFromProcfile('worker: celery -A tasks worker\n')).toBeUndefined();
    expect(commandFromDockerfile('FROM python\nCMD uvicorn main:app --host 0.0.0.0\n')).toEqual({ words: ['uvicorn', 'main:app', '--host', '0.0.0.0'] });
    expect(commandFromDockerfile('FROM python AS build\nCMD ["gunicorn"]\nFROM scratch\n')).toBeUndefined();
    expect(commandFromDocs('run `python -m uvicorn x:app` locally\n')).toBeUndefined();
    expect(commandFromDocs('$ python -m gunicorn x:app\n')).toEqual({ words: ['gunicorn', 'x:app', '--bind', '0.0.0.0:8000'] });
    // A Dockerfile this tool generated earlier: the venv's interpreter by path, then the module.
    expect(commandFromDockerfile('FROM x\nENTRYPOINT ["/venv/bin/python3"]\nCMD ["-m", "uvicorn", "main:app", "--host", "0.0.0.0"]\n')).toEqual({ words: ['uvicorn', 'main:app', '--host', '0.0.0.0'] });
  });
});

describe('Go main package', () => {
  const pkg = (p: string, source: string) => ({ path: p, file: `${p.slice(2)}/main.go`, source });
  it('prefers the one that serves, then the one named after the module; otherwise ambiguous', () => {
    expect(chooseGoMain([pkg('./cmd/cli', GO_CLI), pkg('./cmd/api', GO_SERVER)], 'example.com/x')).toMatchObject({ chosen: { path: './cmd/api' }, why: 'the main package that serves' });
    expect(chooseGoMain([pkg('./cmd/podcli', GO_SERVER), pkg('./cmd/podinfo', GO_SERVER)], 'github.com/stefanprodan/podinfo/v6')).toMatchObject({ chosen: { path: './cmd/podinfo' } });
    expect(chooseGoMain([pkg('./cmd/a', GO_CLI), pkg('./cmd/b', GO_CLI)], 'example.com/x')).toEqual({ ambiguous: ['./cmd/a', './cmd/b'] });
    expect(chooseGoMain([], 'example.com/x')).toBeUndefined();
  });
});

describe('--command', () => {
  it('is split like a shell splits words, quotes and escapes included', () => {
    expect(splitShellWords(`gunicorn 'app:create_app()' --bind "0.0.0.0:8000"  -w\\ 4`)).toEqual(['gunicorn', 'app:create_app()', '--bind', '0.0.0.0:8000', '-w 4']);
  });

  it.each([
    ['uvicorn app:app; rm -rf /', /shell operator ;/],
    ['gunicorn app:app -b 0.0.0.0:$PORT', /\$ or ` expansion/],
    ['uvicorn `id`', /\$ or ` expansion/],
    ['python *.py', /glob character \*/],
    ['uvicorn app:app && x', /shell operator &/],
    ["uvicorn 'app:app", /unclosed single quote/],
    ['~/bin/run', /starts a word with ~/],
  ])('refuses %s', (text, message) => {
    expect(() => splitShellWords(text)).toThrow(message);
  });

  it('runs known servers as modules of the venv interpreter, python itself directly, others from /venv/bin', () => {
    expect(pythonCmdArguments(['uvicorn', 'main:app'])).toEqual(['-m', 'uvicorn', 'main:app']);
    expect(pythonCmdArguments(['python', '-m', 'myapp'])).toEqual(['-m', 'myapp']);
    expect(pythonCmdArguments(['invoice-service'])).toEqual(['/venv/bin/invoice-service']);
    expect(pythonCmdArguments(['/venv/bin/python3', '-m', 'myapp'])).toEqual(['-m', 'myapp']);
    expect(pythonCmdArguments(['/venv/bin/celery-beat', '-l', 'info'])).toEqual(['/venv/bin/celery-beat', '-l', 'info']);
  });

  it('finds where servers listen, and refuses loopback or another port than the profile', () => {
    expect(listenAddress(['uvicorn', 'a:b'])).toEqual({ host: '127.0.0.1', port: 8000, defaulted: true });
    expect(listenAddress(['gunicorn', '--bind=0.0.0.0:9000', 'a:b'])).toEqual({ host: '0.0.0.0', port: 9000, defaulted: false });
    expect(commandProblems(['uvicorn', 'a:b'], 8000)).toEqual([expect.stringMatching(/^listens on 127\.0\.0\.1 \(the server default\).*--host 0\.0\.0\.0/)]);
    expect(commandProblems(['uvicorn', 'a:b', '--host', '0.0.0.0', '--port', '9000'], 8000)).toEqual(['listens on port 9000, but the port is 8000: make them agree (--port)']);
    expect(commandProblems(['gunicorn', '-b', '0.0.0.0:8000', 'a:b'], 8000)).toEqual([]);
  });

  it('reaches the wizard\'s answers from detection or flags (an advanced, summary-only question), and empty means none', () => {
    const detected = { input: { language: 'python' as const, command: ['gunicorn', 'app:app', '-b', '0.0.0.0:8000'] }, source: () => 'detected from Procfile' };
    const answers = new Answers(dir, [detected]);
    expect(answers.input().command).toEqual(['gunicorn', 'app:app', '-b', '0.0.0.0:8000']);
    expect(answers.source('command')).toBe('detected from Procfile');
    expect(profileInputFromFlags({ command: '  ' }).command).toBeUndefined();
  });

  it('is validated with the profile: python only, the flag named, nothing of a bad flag value lost', () => {
    const profile = (flags: Record<string, string>) => validateProfile(withDefaults(mergeInputs(profileInputFromFlags({ name: 'q', ...flags })), '.').value);
    expect(profile({ language: 'python', command: 'uvicorn main:app --host 0.0.0.0 --port 8000' }).command).toEqual(['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000']);
    expect(() => profile({ language: 'go', command: 'server' })).toThrow(/command \(--command\): .*is supported for python only/);
    expect(() => profile({ language: 'python', command: 'uvicorn main:app' })).toThrow(/command \(--command\): .*listens on 127\.0\.0\.1/);
    try {
      profileInputFromFlags({ command: 'a | b' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProfileError);
      expect((error as ProfileError).problems).toEqual(['--command: "a | b" is not allowed: uses the shell operator |, which needs a shell (the image has none)']);
    }
  });
});
