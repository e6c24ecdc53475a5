// coherence/read-only-without-tmp's fix: an emptyDir mounted at /tmp, written with the YAML editor
// so comments, order and quoting stay as they were.
import { describe, expect, it } from 'vitest';
import { readOnlyWithoutTmp } from '../../../../src/audit/rules/coherence/read-only-without-tmp.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const deployment = lines(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: cron',
  '  namespace: jobs',
  'spec:',
  '  selector:',
  '    matchLabels: {app: cron}',
  '  template:',
  '    metadata:',
  '      labels: {app: cron}',
  '    spec:',
  '      containers:',
  '        - name: cron',
  "          image: 'quay.io/acme/cron:1.2.0'",
  '          securityContext:',
  '            # the image writes nothing but temporary files',
  '            readOnlyRootFilesystem: true',
  '          volumeMounts:',
  '            - name: config',
  '              mountPath: /etc/cron',
  '      volumes:',
  '        - name: config',
  '          configMap: {name: cron}',
);

describe('coherence/read-only-without-tmp fix', () => {
  it('mounts a size-limited emptyDir at /tmp beside the existing mounts and volumes', () => {
    const files = { 'k8s/cron.yaml': deployment };
    expect(expectCleanFix(readOnlyWithoutTmp, files)).toBe(1);
    const fixed = fixedText(files, readOnlyWithoutTmp, { include: 'all' })['k8s/cron.yaml']!;
    expect(fixed).toContain(lines('              mountPath: /etc/cron', '            - name: tmp', '              mountPath: /tmp'));
    expect(fixed).toContain(lines('          configMap: {name: cron}', '        - name: tmp', '          emptyDir:', '            sizeLimit: 64Mi'));
    expect(auditFiles({ 'k8s/cron.yaml': deployment }, [readOnlyWithoutTmp])[0]?.fix?.caveat).toMatch(/hides anything the image itself put in \/tmp/);
  });

  it('says why when a read-only volume already sits at /tmp', () => {
    const blocked = deployment.replace('mountPath: /etc/cron', 'mountPath: /tmp\n              readOnly: true');
    const [finding] = auditFiles({ 'k8s/cron.yaml': blocked }, [readOnlyWithoutTmp]);
    expect(finding?.fix).toBeUndefined();
    expect(finding?.noFix).toMatch(/read-only volume at or above \/tmp/);
  });
});
