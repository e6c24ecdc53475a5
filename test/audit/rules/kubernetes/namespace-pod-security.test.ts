import { describe, expect, it } from 'vitest';
import { namespacePodSecurity } from '../../../../src/audit/rules/kubernetes/namespace-pod-security.js';
import { check } from '../_located.js';

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: tools
  labels:
    pod-security.kubernetes.io/enforce: privileged
---
apiVersion: v1
kind: Namespace
metadata:
  name: web
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
`;

describe('k8s/namespace-pod-security', () => {
  it('reports namespaces without an enforce label, and enforce: privileged', () => {
    expect(check(namespacePodSecurity, { 'ns.yaml': NAMESPACES })).toEqual([
      { at: 'ns.yaml:4:9', text: 'shop', severity: 'medium' },
      { at: 'ns.yaml:11:41', text: 'privileged', severity: 'high' },
    ]);
  });

  it('passes enforced levels', () => {
    expect(check(namespacePodSecurity, { 'ns.yaml': NAMESPACES.split('---\n')[2]! })).toEqual([]);
  });
});
