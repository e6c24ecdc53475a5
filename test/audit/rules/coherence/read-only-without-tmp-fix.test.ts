// coherence/read-only-without-tmp's fix: an emptyDir mounted at /tmp, written with the YAML editor
// so comments, order and quoting stay as they were. The container runs gunicorn, whose worker
// heartbeat files go to Python's temporary directory: the evidence the rule needs.
import { describe, expect, it } from 'vitest';
import { readOnlyWithoutTmp } from '../../../../src/audit/rules/coherence/read-only-without-tmp.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const deployment = lines(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: reports',
  '  namespace: jobs',
  'spec:',
  '  selector:',
  '    matchLabels: {app: reports}',
  '  template:',
  '    metadata:',
  '      labels: {app: reports}',
  '    spec:',
  '      containers:',
  '        - name: reports',
  "          image: 'quay.io/acme/reports:1.2.0'",
  "          command: ['gunicorn', '--bind', '0.0.0.0:8000', 'reports.wsgi:app']",
  '          securityContext:',
  '            # the app writes nothing but temporary files',
  '            readOnlyRootFilesystem: true',
  '          volumeMounts:',
  '            - name: config',
  '              mountPath: /etc/reports',
  '      volumes:',
  '        - name: config',
  '          configMap: {name: reports}',
);

describe('coherence/read-only-without-tmp fix', () => {
  it('mounts a size-limited emptyDir at /tmp beside the existing mounts and volumes', () => {
    const files = { 'k8s/reports.yaml': deployment };
    expect(expectCleanFix(readOnlyWithoutTmp, files)).toBe(1);
    const fixed = fixedText(files, readOnlyWithoutTmp, { include: 'all' })['k8s/reports.yaml']!;
    expect(fixed).toContain(lines('              mountPath: /etc/reports', '            - name: tmp', '              mountPath: /tmp'));
    expect(fixed).toContain(lines('          configMap: {name: reports}', '        - name: tmp', '          emptyDir:', '            sizeLimit: 64Mi'));
    expect(auditFiles({ 'k8s/reports.yaml': deployment }, [readOnlyWithoutTmp])[0]?.fix?.caveat).toMatch(/hides anything the image itself put in \/tmp/);
  });

  it('says why when a read-only volume already sits at /tmp', () => {
    const blocked = deployment.replace('mountPath: /etc/reports', 'mountPath: /tmp\n              readOnly: true');
    const [finding] = auditFiles({ 'k8s/reports.yaml': blocked }, [readOnlyWithoutTmp]);
    expect(finding?.fix).toBeUndefined();
    expect(finding?.noFix).toMatch(/read-only volume at or above \/tmp/);
  });
});
