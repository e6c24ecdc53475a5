import { describe, expect, it } from 'vitest';
import { apparmor } from '../../../../src/audit/rules/kubernetes/apparmor.js';
import { check } from '../_located.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: unconfined
        container.apparmor.security.beta.kubernetes.io/side: localhost/my-profile
    spec:
      securityContext:
        appArmorProfile: {type: Unconfined}
      containers:
        - name: app
          image: ghcr.io/acme/web:1
          securityContext:
            appArmorProfile:
              type: RuntimeDefault
        - name: side
          image: ghcr.io/acme/side:1
          securityContext:
            appArmorProfile:
              type: Unconfined
`;

describe('k8s/apparmor', () => {
  it('reports unconfined profiles on the pod, containers and the legacy annotation', () => {
    expect(check(apparmor, { 'web.yaml': DEPLOYMENT })).toEqual([
      { at: 'web.yaml:13:33', text: 'Unconfined', severity: 'high' },
      { at: 'web.yaml:24:21', text: 'Unconfined', severity: 'high' },
      { at: 'web.yaml:9:61', text: 'unconfined', severity: 'high' },
    ]);
  });

  it('passes RuntimeDefault, Localhost and runtime/default', () => {
    const fixed = DEPLOYMENT.replace(/Unconfined/g, 'RuntimeDefault').replace('/app: unconfined', '/app: runtime/default');
    expect(check(apparmor, { 'web.yaml': fixed })).toEqual([]);
  });
});
