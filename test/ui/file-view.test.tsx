import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileLines } from '../../src/ui/review/file-lines.js';
import { FileView } from '../../src/ui/review/FileView.js';
import { KEY, change, tick } from './helpers.js';

afterEach(() => cleanup());

const long = change('SECURITY.md', 'new', Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');

describe('FileView', () => {
  it('shows as many lines as fit and scrolls by line, page and to the end', async () => {
    const { stdin, lastFrame } = render(<FileView change={long} columns={80} rows={24} onClose={() => {}} onInterrupt={() => {}} />);
    await tick();
    expect(lastFrame()).toContain('lines 1-21 of 100');
    expect(lastFrame()!.split('\n')).toHaveLength(23);
    stdin.write(KEY.down);
    await tick();
    expect(lastFrame()).toMatch(/^ {2}2 {2}line 2$/m);
    expect(lastFrame()).toContain('lines 2-22 of 100');
    stdin.write(KEY.pageDown);
    await tick();
    expect(lastFrame()).toContain('lines 23-43 of 100');
    stdin.write('G');
    await tick();
    expect(lastFrame()).toContain('lines 80-100 of 100');
    stdin.write(KEY.down);
    await tick();
    expect(lastFrame()).toContain('lines 80-100 of 100');
  });

  it('closes on esc, enter, left or q, and reports Ctrl-C', async () => {
    for (const key of [KEY.enter, KEY.left, 'q']) {
      const onClose = vi.fn();
      const { stdin, unmount } = render(<FileView change={long} columns={80} rows={24} onClose={onClose} onInterrupt={() => {}} />);
      await tick();
      stdin.write(key);
      await tick();
      expect(onClose, JSON.stringify(key)).toHaveBeenCalledOnce();
      unmount();
    }
    const onInterrupt = vi.fn();
    const { stdin } = render(<FileView change={long} columns={80} rows={24} onClose={() => {}} onInterrupt={onInterrupt} />);
    await tick();
    stdin.write(KEY.ctrlC);
    await tick();
    expect(onInterrupt).toHaveBeenCalledOnce();
  });

  it('cuts long lines at the width instead of wrapping them', () => {
    const wide = change('policy.yaml', 'new', `${'x'.repeat(200)}\n`);
    const { lastFrame } = render(<FileView change={wide} columns={80} rows={24} onClose={() => {}} onInterrupt={() => {}} />);
    expect(lastFrame()!.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(lastFrame()).toMatch(/x…$/m);
  });
});

describe('fileLines', () => {
  it('gives a changed file as a unified diff, noting a symbolic link on disk', () => {
    const linked = { ...change('Dockerfile', 'changed', 'FROM a\n', ''), note: 'is a symbolic link; it would be replaced by a file' };
    expect(fileLines(linked)).toEqual([
      { text: 'The file on disk is a symbolic link; it would be replaced by a file.', kind: 'note' },
      { text: '@@ -0,0 +1,1 @@', kind: 'hunk' },
      { text: '+FROM a', kind: 'added' },
    ]);
  });

  it('numbers the lines of a new file and expands tabs', () => {
    expect(fileLines(change('Makefile', 'new', 'all:\n\tgo build\n'))).toEqual([
      { text: '1  all:', kind: 'context' },
      { text: '2      go build', kind: 'context' },
    ]);
  });
});
