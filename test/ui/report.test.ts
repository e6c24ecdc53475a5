import { describe, expect, it } from 'vitest';
import { detectionReport, doneReport } from '../../src/ui/wizard/report.js';

// styleText drops colour when stdout is not a terminal, as under vitest; strip anyway to be sure.
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('detectionReport', () => {
  it('lists each detected value as its flag, with the file it came from, then the notes', () => {
    const text = plain(
      detectionReport(
        {
          input: { language: 'go', port: 8081, ci: { system: 'github' } },
          sources: { language: 'go.mod', port: 'Dockerfile', 'ci.system': '.github/workflows' },
          notes: ['Dockerfile: the final stage runs as root (no USER).'],
        },
        'services/api',
      ),
    );
    expect(text).toBe(
      'Detected in services/api\n' +
        '  --language  go      from go.mod\n' +
        '  --port      8081    from Dockerfile\n' +
        '  --ci        github  from .github/workflows\n' +
        '  note Dockerfile: the final stage runs as root (no USER).\n',
    );
  });

  it('says so when nothing was recognised', () => {
    expect(plain(detectionReport({ input: {}, sources: {}, notes: [] }, '.'))).toBe("Nothing recognised in .; the questions start from general defaults.\n");
  });
});

describe('doneReport', () => {
  const base = {
    shownDir: 'web',
    result: { written: ['Dockerfile', 'k8s/deployment.yaml'], unchanged: ['renovate.json'], backups: ['Dockerfile.bak'] },
    skipped: ['k8s/networkpolicy.yaml'],
    notes: ['Port 80 is below 1024.'],
    steps: [{ title: 'Build the image', command: 'docker build -t ghcr.io/acme/web:0.1.0 .' }],
    command: "npx create-secure-container web --name web --egress ''",
  };

  it('summarises what was written and kept, then the next steps as commands on their own lines', () => {
    const text = plain(doneReport(base));
    expect(text).toContain('✔ Done in web: 2 written, 1 unchanged, 1 left as they are.');
    expect(text).toContain('  Not written: k8s/networkpolicy.yaml');
    expect(text).toContain('  Previous versions kept as Dockerfile.bak');
    expect(text).toContain('  • Port 80 is below 1024.');
    // A command alone on its line (after the indent) can be copied whole.
    expect(text).toMatch(/^ {2}Build the image:\n {4}docker build -t ghcr\.io\/acme\/web:0\.1\.0 \.$/m);
    expect(text).toMatch(/^ {4}npx create-secure-container web --name web --egress ''$/m);
  });

  it('leaves out empty sections', () => {
    const text = plain(doneReport({ ...base, skipped: [], notes: [], result: { ...base.result, backups: [] } }));
    expect(text).not.toMatch(/Not written|Previous versions|Notes/);
    expect(text).toContain('2 written, 1 unchanged.');
  });
});
