import { describe, expect, it } from 'vitest';
import { SAFE_SYSCTLS, sysctls } from '../../../../src/audit/rules/kubernetes/sysctls.js';
import { check } from '../_located.js';

const POD = (names: readonly string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    sysctls:
${names.map((name) => `      - {name: ${name}, value: "1"}`).join('\n')}
  containers:
    - name: app
      image: ghcr.io/acme/app:1
`;

describe('k8s/sysctls', () => {
  it('reports sysctls outside the safe set at their names', () => {
    expect(check(sysctls, { 'pod.yaml': POD(['net.ipv4.tcp_syncookies', 'kernel.msgmax', 'net.core.somaxconn']) })).toEqual([
      { at: 'pod.yaml:9:16', text: 'kernel.msgmax', severity: 'high' },
      { at: 'pod.yaml:10:16', text: 'net.core.somaxconn', severity: 'high' },
    ]);
  });

  it('passes every sysctl the safe list holds up to Kubernetes 1.37', () => {
    expect(check(sysctls, { 'pod.yaml': POD([...SAFE_SYSCTLS.keys()]) })).toEqual([]);
    expect(SAFE_SYSCTLS.get('net.ipv4.tcp_wmem')).toBe('1.32');
    expect(SAFE_SYSCTLS.get('net.ipv4.tcp_slow_start_after_idle')).toBe('1.37');
  });
});
