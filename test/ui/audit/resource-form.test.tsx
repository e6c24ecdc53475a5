// k8s/missing-resources in the browser: the values are asked (defaults prefilled, quantities and
// requests ≤ limits checked), and the fix previewed is computed with them by the rule's own fix.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planFixes } from '../../../src/audit/fix/apply.js';
import { AuditBrowser } from '../../../src/ui/audit/AuditBrowser.js';
import { DEFAULT_RESOURCES, checkResources, withResourceValues } from '../../../src/ui/audit/resource-fix.js';
import { ResourceForm } from '../../../src/ui/audit/ResourceForm.js';
import { KEY, tick } from '../helpers.js';
import { SAMPLE, auditFiles, fakeActions, frameWith } from './fixtures.js';

afterEach(() => cleanup());

const BACKSPACE = '\u007f';
const custom = { requests: { cpu: '250m', memory: '300Mi' }, limits: { cpu: '1', memory: '1Gi' } };

describe('checkResources', () => {
  it('takes Kubernetes quantities with requests at most the limits', () => {
    expect(checkResources(DEFAULT_RESOURCES)).toEqual({});
    expect(checkResources(custom)).toEqual({});
    expect(checkResources({ ...custom, requests: { cpu: 'lots', memory: '2Gi' } })).toEqual({
      'requests.cpu': 'a CPU quantity such as 250m or 1',
      'requests.memory': 'above the limit (1Gi)',
    });
    expect(checkResources({ ...custom, limits: { cpu: '0', memory: '' } })['limits.memory']).toMatch(/memory quantity/);
  });
});

describe('the resources form', () => {
  it('is prefilled with the defaults, refuses what Kubernetes would not read, and submits the values typed', async () => {
    const onSubmit = vi.fn();
    const app = render(<ResourceForm title="Fix k8s/missing-resources" width={80} onSubmit={onSubmit} onCancel={() => undefined} onInterrupt={() => undefined} />);
    await tick(80);
    expect(app.lastFrame()).toMatch(/› requests\.cpu\s+100m▌/);
    expect(app.lastFrame()).toMatch(/limits\.memory\s+256Mi/);
    for (const key of [BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, '9', '9', KEY.enter]) {
      app.stdin.write(key);
      await tick(80);
    }
    expect(app.lastFrame()).toContain('above the limit (500m)');
    expect(onSubmit).not.toHaveBeenCalled();
    for (const key of [BACKSPACE, BACKSPACE, '2', '5', '0', 'm', KEY.enter]) {
      app.stdin.write(key);
      await tick(80);
    }
    expect(onSubmit).toHaveBeenCalledWith({ requests: { cpu: '250m', memory: '128Mi' }, limits: DEFAULT_RESOURCES.limits });
  });
});

describe('fixing k8s/missing-resources with the values given', () => {
  it('computes the fix for the finding\'s container with those values', async () => {
    const { result, cleanUp } = await auditFiles({ 'k8s/deployment.yaml': SAMPLE['k8s/deployment.yaml'] });
    try {
      const finding = result.findings.find((candidate) => candidate.ruleId === 'k8s/missing-resources')!;
      expect(finding.fix).toBeDefined();
      const [given] = withResourceValues(result, [finding], custom);
      const plan = planFixes(result, [given!], { include: 'all' });
      expect(plan.fixed).toHaveLength(1);
      const content = plan.changes[0]!.file.content;
      for (const value of ['250m', '300Mi', '1Gi']) expect(content).toContain(value);
      expect(content).not.toContain(DEFAULT_RESOURCES.requests.memory);

      // In the browser: f asks for the values first, then previews the fix made with them.
      const actions = fakeActions(result, { preview: (findings, values) => planFixes(result, values ? withResourceValues(result, findings, values) : findings, { include: 'all' }) });
      const app = render(<AuditBrowser initial={result} actions={actions} heading="web" onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
      await tick(80);
      for (const key of ['/', 'missing-resources', KEY.enter, 'f']) {
        app.stdin.write(key);
        await tick(80);
      }
      await frameWith(app, 'requests.cpu');
      await tick(80);
      app.stdin.write(KEY.enter);
      await frameWith(app, `+              memory: ${DEFAULT_RESOURCES.limits.memory}`);
      expect(actions.preview).toHaveBeenCalledWith([finding], DEFAULT_RESOURCES);
    } finally {
      await cleanUp();
    }
  });
});
