import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { type ReviewChoices, ReviewScreen, type ReviewOutcome } from '../../src/ui/review/ReviewScreen.js';
import { KEY, change, tick } from './helpers.js';

afterEach(() => cleanup());

const changes = [
  change('Dockerfile', 'changed', 'FROM distroless\nUSER 65532\n', 'FROM ubuntu\n'),
  change('k8s/deployment.yaml', 'new', 'kind: Deployment\nspec: {}\n'),
  change('renovate.json', 'unchanged', '{}\n'),
];

/** Renders the screen and waits until Ink has subscribed its key handler (an effect after the first frame). */
async function show(
  props: { size?: { columns: number; rows: number }; replaceChanged?: boolean; files?: typeof changes; ours?: ReadonlySet<string>; previous?: ReviewChoices } = {},
) {
  const onDone = vi.fn<(outcome: ReviewOutcome) => void>();
  const app = render(
    <ReviewScreen
      changes={props.files ?? changes}
      heading="web into ./web"
      onDone={onDone}
      size={props.size ?? { columns: 80, rows: 24 }}
      {...(props.replaceChanged ? { replaceChanged: true } : {})}
      {...(props.ours ? { ourEarlierOutput: props.ours } : {})}
      {...(props.previous ? { previous: props.previous } : {})}
    />,
  );
  await tick();
  return { ...app, onDone };
}

describe('ReviewScreen', () => {
  it('marks each file new, changed or unchanged; a changed file starts unselected', async () => {
    const { lastFrame } = await show();
    const frame = lastFrame()!;
    expect(frame).toContain('Review: web into ./web');
    expect(frame).toMatch(/› \[ \] changed\s+Dockerfile \+2 -1\s+the Dockerfile file/);
    expect(frame).toMatch(/ {2}\[x\] new\s+k8s\/deployment\.yaml/);
    expect(frame).toMatch(/ {6}unchanged\s+renovate\.json/);
    expect(frame).toContain('1 of 2 files to write selected · 1 changed file kept as on disk');
  });

  it('writes the selected files only after w; selecting a changed file is the consent to replace it', async () => {
    const { stdin, lastFrame, onDone } = await show();
    stdin.write(KEY.space);
    await tick();
    expect(lastFrame()).toMatch(/\[x\] changed\s+Dockerfile/);
    expect(onDone).not.toHaveBeenCalled();
    stdin.write('w');
    await tick();
    expect(onDone).toHaveBeenCalledWith({ action: 'write', paths: ['Dockerfile', 'k8s/deployment.yaml'] });
    expect(lastFrame()).toBe('Review: writing 2 files.');
  });

  it('can deselect a new file, and select or clear all at once; w with nothing selected is refused', async () => {
    const { stdin, lastFrame, onDone } = await show();
    stdin.write(KEY.down);
    await tick();
    stdin.write(KEY.space);
    await tick();
    expect(lastFrame()).toContain('0 of 2 files to write selected');
    stdin.write('a');
    await tick();
    expect(lastFrame()).toContain('2 of 2 files to write selected');
    stdin.write('a');
    await tick();
    stdin.write('w');
    await tick();
    expect(onDone).not.toHaveBeenCalled();
    expect(lastFrame()).toContain('Nothing is selected: space selects a file, a selects all');
    stdin.write(KEY.space);
    await tick();
    expect(lastFrame()).toContain('1 of 2 files to write selected');
    stdin.write('w');
    await tick();
    expect(onDone).toHaveBeenCalledWith({ action: 'write', paths: ['k8s/deployment.yaml'] });
  });

  it('w with nothing to write (every file unchanged) finishes', async () => {
    const { stdin, onDone } = await show({ files: [change('renovate.json', 'unchanged', '{}\n')] });
    stdin.write('w');
    await tick();
    expect(onDone).toHaveBeenCalledWith({ action: 'write', paths: [] });
  });

  it("the tool's own earlier output, unedited since, starts selected when it changes, and says so", async () => {
    const { lastFrame } = await show({ ours: new Set(['Dockerfile']) });
    expect(lastFrame()).toMatch(/\[x\] changed\s+Dockerfile \+2 -1\s+written by us earlier, unedited/);
    expect(lastFrame()).toContain('2 of 2 files to write selected');
  });

  it('going back carries the selection, and coming back restores it', async () => {
    const first = await show();
    first.stdin.write(KEY.space); // select the changed Dockerfile
    await tick();
    first.stdin.write(KEY.down);
    await tick();
    first.stdin.write(KEY.space); // deselect the new deployment
    await tick();
    first.stdin.write('b');
    await tick(80);
    const outcome = first.onDone.mock.calls[0]![0] as Extract<ReviewOutcome, { action: 'back' }>;
    expect(outcome.action).toBe('back');
    expect([...outcome.choices.selected]).toEqual(['Dockerfile']);
    cleanup();
    // A file offered for the first time (new after the change of answers) gets the usual default.
    const again = await show({ previous: outcome.choices, files: [...changes, change('k8s/pdb.yaml', 'new', 'kind: PodDisruptionBudget\n')] });
    expect(again.lastFrame()).toMatch(/\[x\] changed\s+Dockerfile/);
    expect(again.lastFrame()).toMatch(/\[ \] new\s+k8s\/deployment\.yaml/);
    expect(again.lastFrame()).toMatch(/\[x\] new\s+k8s\/pdb\.yaml/);
  });

  it('unchanged files cannot be selected: nothing to write', async () => {
    const { stdin, lastFrame } = await show();
    stdin.write(KEY.down);
    await tick();
    stdin.write(KEY.down);
    await tick();
    stdin.write(KEY.space);
    await tick();
    expect(lastFrame()).toMatch(/› {5}unchanged\s+renovate\.json/);
    expect(lastFrame()).toContain('1 of 2 files');
  });

  it('enter shows the diff of a changed file against the disk; esc returns to the list', async () => {
    const { stdin, lastFrame } = await show();
    stdin.write(KEY.enter);
    await tick();
    const view = lastFrame()!;
    expect(view).toContain('Dockerfile  changed +2 -1: diff against the file on disk');
    expect(view).toMatch(/^-FROM ubuntu$/m);
    expect(view).toMatch(/^\+FROM distroless$/m);
    expect(view).toMatch(/^\+USER 65532$/m);
    stdin.write(KEY.escape);
    await tick(80);
    expect(lastFrame()).toContain('Review: web into ./web');
  });

  it('enter on a new file shows its content with line numbers', async () => {
    const { stdin, lastFrame } = await show();
    stdin.write(KEY.down);
    await tick();
    stdin.write(KEY.enter);
    await tick();
    expect(lastFrame()).toContain('k8s/deployment.yaml  new file');
    expect(lastFrame()).toMatch(/^1 {2}kind: Deployment$/m);
  });

  it.each([
    ['b', { action: 'back', choices: { offered: new Set(['Dockerfile', 'k8s/deployment.yaml']), selected: new Set(['k8s/deployment.yaml']) } }],
    [KEY.left, { action: 'back', choices: { offered: new Set(['Dockerfile', 'k8s/deployment.yaml']), selected: new Set(['k8s/deployment.yaml']) } }],
    [KEY.ctrlC, { action: 'interrupt' }],
  ])('%j ends the review with %j and writes nothing', async (key, outcome) => {
    const { stdin, onDone } = await show();
    stdin.write(key);
    await tick(80);
    expect(onDone).toHaveBeenCalledWith(outcome);
  });

  it.each([['q'], [KEY.escape]])('%j asks before throwing the answers away: y leaves, any other key stays', async (key) => {
    const { stdin, onDone, lastFrame } = await show();
    stdin.write(key);
    await tick(120);
    expect(onDone).not.toHaveBeenCalled();
    expect(lastFrame()).toContain('Leave without writing anything? Your answers are not kept.');
    stdin.write('n');
    await tick();
    expect(lastFrame()).toContain('1 of 2 files to write selected');
    stdin.write(key);
    await tick(120);
    stdin.write('y');
    await tick(80);
    expect(onDone).toHaveBeenCalledWith({ action: 'cancel' });
  });

  it('with --force, changed files start selected', async () => {
    const { lastFrame } = await show({ replaceChanged: true });
    expect(lastFrame()).toMatch(/\[x\] changed\s+Dockerfile/);
  });

  it('fits 80x24 and scrolls a long list to keep the cursor visible', async () => {
    const many = Array.from({ length: 40 }, (_, i) => change(`k8s/file-${String(i).padStart(2, '0')}.yaml`, 'new', 'x: 1\n'));
    const { stdin, lastFrame } = await show({ files: many });
    const frame = lastFrame()!.split('\n');
    expect(frame.length).toBeLessThanOrEqual(23);
    expect(frame.every((line) => line.length <= 80)).toBe(true);
    expect(lastFrame()).not.toContain('file-30');
    for (let i = 0; i < 30; i++) {
      stdin.write(KEY.down);
      await tick(5);
    }
    await tick();
    expect(lastFrame()).toMatch(/› \[x\] new\s+k8s\/file-30\.yaml/);
    expect(lastFrame()).not.toContain('file-00');
  });

  it('on a wide terminal, previews the file under the cursor beside the list', async () => {
    const { stdin, lastFrame } = await show({ size: { columns: 140, rows: 30 } });
    expect(lastFrame()).toMatch(/Dockerfile.*\s@@ -1,1 \+1,2 @@/);
    stdin.write(KEY.down);
    await tick();
    expect(lastFrame()).toMatch(/ {2}1 {2}kind: Deployment$/m);
    expect(lastFrame()).not.toContain('@@');
    expect(lastFrame()!.split('\n').every((line) => line.length <= 140)).toBe(true);
  });
});

describe('ReviewScreen with a selection check', () => {
  it('w is refused with the check\'s reason, shown whole, until the selection satisfies it', async () => {
    const onDone = vi.fn<(outcome: ReviewOutcome) => void>();
    const reason = 'Dockerfile is kept as it is, but the new files need it replaced: select it to replace it (a .bak is kept), or start again with other answers.';
    const { stdin, lastFrame } = render(
      <ReviewScreen
        changes={changes}
        heading="web into ./web"
        onDone={onDone}
        size={{ columns: 80, rows: 24 }}
        checkSelection={(selected) => (selected.has('Dockerfile') ? undefined : reason)}
      />,
    );
    await tick();
    stdin.write('w');
    await tick();
    expect(onDone).not.toHaveBeenCalled();
    expect(lastFrame()!.replace(/\n/g, ' ')).toContain('or start again with other answers.');
    stdin.write(KEY.space);
    await tick();
    stdin.write('w');
    await tick();
    expect(onDone).toHaveBeenCalledWith({ action: 'write', paths: ['Dockerfile', 'k8s/deployment.yaml'] });
  });
});
