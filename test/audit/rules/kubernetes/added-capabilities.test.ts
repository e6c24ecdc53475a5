import { describe, expect, it } from 'vitest';
import { addedCapabilities } from '../../../../src/audit/rules/kubernetes/added-capabilities.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const POD = (os = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:${os}
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE, CHOWN, SYS_ADMIN, CAP_KILL]
`;

describe('k8s/added-capabilities', () => {
  it('reports capabilities outside Baseline as high and Baseline ones beyond NET_BIND_SERVICE as Restricted', () => {
    const files = { 'pod.yaml': POD() };
    expect(check(addedCapabilities, files)).toEqual([
      { at: 'pod.yaml:12:35', text: 'CHOWN', severity: 'medium' },
      { at: 'pod.yaml:12:42', text: 'SYS_ADMIN', severity: 'high' },
      { at: 'pod.yaml:12:53', text: 'CAP_KILL', severity: 'high' },
    ]);
    expect(runRule(addedCapabilities, files).map((f) => f.refs[0])).toEqual([
      'pss:restricted:capabilities',
      'pss:baseline:capabilities',
      'pss:baseline:capabilities',
    ]);
  });

  it('skips the Restricted part for Windows pods', () => {
    expect(check(addedCapabilities, { 'pod.yaml': POD('\n  os: {name: windows}') }).map((f) => f.text)).toEqual(['SYS_ADMIN', 'CAP_KILL']);
  });

  it('passes NET_BIND_SERVICE alone', () => {
    expect(check(addedCapabilities, { 'pod.yaml': POD().replace(', CHOWN, SYS_ADMIN, CAP_KILL', '') })).toEqual([]);
  });
});
