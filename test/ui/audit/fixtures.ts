// Shared bits for the audit browser's screen tests: a real audit of files written to a temp
// folder, actions that record what the screens ask for, and a synthetic result of any size.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import type { FixPlan } from '../../../src/audit/fix/apply.js';
import { type AuditResult, audit } from '../../../src/audit/index.js';
import type { Finding, Repo, Rule, Severity } from '../../../src/audit/types.js';
import type { BrowserActions } from '../../../src/ui/audit/session.js';

export const SAMPLE = {
  Dockerfile: 'FROM node:latest\nMAINTAINER someone@example.com\nWORKDIR /app\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nCMD node server.js\n',
  'k8s/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  selector:',
    '    matchLabels: { app: web }',
    '  template:',
    '    metadata:',
    '      labels: { app: web }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: ghcr.io/acme/web:1.0.0',
    '          securityContext:',
    '            privileged: true',
    '',
  ].join('\n'),
};

/** Audits `files` written to a fresh temp folder; `cleanUp` removes it. */
export async function auditFiles(files: Record<string, string> = SAMPLE): Promise<{ dir: string; result: AuditResult; cleanUp: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'csc-browser-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const result = await audit({ target: { folder: dir }, only: [], skip: [] });
  return { dir, result, cleanUp: () => rm(dir, { recursive: true, force: true }) };
}

/** Actions that write nothing: each does what the test hands it (or nothing) and records the call. */
export function fakeActions(result: AuditResult, overrides: Partial<BrowserActions> = {}) {
  const emptyPlan = (findings: readonly Finding[]): FixPlan => ({ changes: [], fixed: [], skipped: findings.map((finding) => ({ finding, reason: 'no automatic fix' })) });
  return {
    preview: vi.fn<BrowserActions['preview']>(overrides.preview ?? emptyPlan),
    apply: vi.fn<BrowserActions['apply']>(overrides.apply ?? (async () => result)),
    undo: vi.fn<BrowserActions['undo']>(overrides.undo ?? (async () => undefined)),
    canUndo: vi.fn<BrowserActions['canUndo']>(overrides.canUndo ?? (() => false)),
    suppress: vi.fn<BrowserActions['suppress']>(overrides.suppress ?? (async () => result)),
    reload: vi.fn<BrowserActions['reload']>(overrides.reload ?? (async () => result)),
    today: overrides.today ?? (() => '2026-06-01'),
  } satisfies BrowserActions;
}

const EMPTY_REPO: Repo = { root: '/repo', files: [], dockerfiles: [], yaml: [], kubernetes: [], githubWorkflows: [], gitlabPipelines: [], falcoRules: [] };

/** `count` findings of `ruleCount` rules spread over `fileCount` files, as a repository that size would give. */
export function syntheticResult(count: number, fileCount: number, ruleCount = 20): AuditResult {
  const severities: Severity[] = ['critical', 'high', 'medium', 'low'];
  const rules: Rule[] = Array.from({ length: ruleCount }, (_, index) => ({
    id: `k8s/rule-${index}`,
    area: 'kubernetes',
    severity: severities[index % 4]!,
    title: `rule ${index}`,
    why: 'why',
    detect: 'detect',
    fix: 'fix',
    refs: [],
    check: () => undefined,
  }));
  const findings: Finding[] = Array.from({ length: count }, (_, index) => {
    const rule = rules[index % ruleCount]!;
    const line = 1 + Math.floor(index / fileCount);
    return {
      ruleId: rule.id,
      severity: rule.severity,
      location: { file: `k8s/app-${String(index % fileCount).padStart(4, '0')}.yaml`, line, column: 3, endLine: line, endColumn: 9 },
      message: `finding ${index}`,
      refs: [],
    };
  });
  return { findings, suppressed: [], notes: [], rules, repo: EMPTY_REPO };
}

/** Waits until the last frame contains `text` (the machine may be busy); fails with the frame if it never does. */
export async function frameWith(app: { lastFrame: () => string | undefined }, text: string, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = app.lastFrame() ?? '';
    if (frame.includes(text)) return frame;
    if (Date.now() > deadline) throw new Error(`the screen never showed ${JSON.stringify(text)}; it shows:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
