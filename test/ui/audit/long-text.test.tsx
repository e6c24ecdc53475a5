// Text from a hostile repository as long as a file allows: a finding's message quoting a 100 kB
// image name, a span at column 750,000 of a line. Ink measures a string's whole width
// before cutting it to the screen, which took minutes for such text; the browser cuts it first.
// The first screen and the detail screen must appear at human speed, the span still shown.
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planFixes } from '../../../src/audit/fix/apply.js';
import type { AuditResult } from '../../../src/audit/index.js';
import { AuditBrowser } from '../../../src/ui/audit/AuditBrowser.js';
import { KEY, tick } from '../helpers.js';
import { auditFiles, fakeActions, frameWith } from './fixtures.js';

afterEach(() => cleanup());

/** Searches for a rule, opens its group and moves to its first finding. */
async function toFirstFinding(app: { stdin: { write: (data: string) => void } }, rule: string): Promise<void> {
  for (const key of ['/', rule, KEY.enter, KEY.enter]) {
    app.stdin.write(key);
    await tick(80);
  }
}

describe('the browser on text of a hostile length', () => {
  let result: AuditResult;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ result, cleanUp } = await auditFiles({
      Dockerfile: `FROM ${'a'.repeat(100_000)}\nUSER 1000\nEXPOSE ${'8080 '.repeat(150_000)}22\n`,
      'b/Dockerfile': `FROM debian:13\nUSER 1000\nRUN apt-get install -y ${'pkgé '.repeat(160_000)}\n`,
    }));
  });
  afterAll(() => cleanUp());

  it('shows the first screen and a finding at column 750,000 with its span on screen', async () => {
    const start = performance.now();
    const app = render(<AuditBrowser initial={result} actions={fakeActions(result)} heading="long" onExit={() => undefined} size={{ columns: 80, rows: 30 }} />);
    await frameWith(app, 'findings', 10_000);
    expect(app.lastFrame()).toContain('dockerfile/base-image-latest');
    // The SSH finding is at the end of the EXPOSE line.
    await toFirstFinding(app, 'expose-ssh');
    app.stdin.write(KEY.enter);
    const detail = await frameWith(app, 'Why', 10_000);
    expect(detail).toMatch(/3 │ …(8080 )+8080 22/);
    expect(detail).toContain('^^');
    expect(performance.now() - start).toBeLessThan(15_000);
  });

  it('previews a fix that changes a line of 800 kB (not ASCII: Ink measures such text grapheme by grapheme)', async () => {
    const start = performance.now();
    const actions = fakeActions(result, { preview: (findings) => planFixes(result, findings, { include: 'all' }) });
    const app = render(<AuditBrowser initial={result} actions={actions} heading="long" onExit={() => undefined} size={{ columns: 80, rows: 30 }} />);
    await frameWith(app, 'findings', 10_000);
    await toFirstFinding(app, 'install-recommends');
    app.stdin.write('f');
    const preview = await frameWith(app, 'y apply', 10_000);
    expect(preview).toMatch(/\+RUN apt-get install --no-install-recommends -y pkgé/);
    expect(performance.now() - start).toBeLessThan(15_000);
  });
});
