import { describe, expect, it } from 'vitest';
import { readOnlyWithoutTmp } from '../../../../src/audit/rules/coherence/read-only-without-tmp.js';
import { check } from '../_located.js';

const DEPLOYMENT = (mounts: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cron
spec:
  template:
    spec:
      containers:
        - name: cron
          image: quay.io/acme/cron:1
          securityContext:
            readOnlyRootFilesystem: true
${mounts}`;

describe('coherence/read-only-without-tmp', () => {
  it('reports a read-only root filesystem without a writable /tmp', () => {
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': DEPLOYMENT('') })).toEqual([
      { at: 'k8s/cron.yaml:12:37', text: 'true', severity: 'info' },
    ]);
    const readOnlyMount = '          volumeMounts:\n            - {name: tmp, mountPath: /tmp, readOnly: true}\n';
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': DEPLOYMENT(readOnlyMount) })).toHaveLength(1);
  });

  it('passes a writable mount at /tmp or above it', () => {
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': DEPLOYMENT('          volumeMounts:\n            - {name: tmp, mountPath: /tmp/}\n') })).toEqual([]);
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': DEPLOYMENT('          volumeMounts:\n            - {name: root, mountPath: /}\n') })).toEqual([]);
  });

  it('passes an app whose profile declares that it writes nowhere', () => {
    const profile = 'version: 1\nprofile:\n  name: cron\n  writablePaths: []\n';
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': DEPLOYMENT(''), '.secure-container.yaml': profile })).toEqual([]);
    expect(check(readOnlyWithoutTmp, { 'k8s/cron.yaml': DEPLOYMENT(''), '.secure-container.yaml': profile.replace('[]', '[/data]') })).toHaveLength(1);
  });
});
