import { describe, expect, it } from 'vitest';
import { hardcodedPassword } from '../../../../src/audit/rules/secrets/hardcoded-password.js';
import { secretInEnv } from '../../../../src/audit/rules/kubernetes/secret-in-env.js';
import { runRule } from '../../../helpers/audit.js';
import { span, where } from '../dockerfile/_helpers.js';

describe('secrets/hardcoded-password', () => {
  it('reports the default admin password of a Helm values file (the issue\'s example)', () => {
    const text = 'auth:\n  adminUser: admin\n  adminPassword: "ChangeMe123!"\n';
    const findings = runRule(hardcodedPassword, { 'chart/values.yaml': text });
    expect(where(findings)).toEqual([span(text, '"ChangeMe123!"')]);
    expect(findings[0]!.message).toBe('adminPassword is set to a literal secret (Chan… (12 chars)) committed in the repository.');
  });

  it('reports env entries and compose environment lists, leaving workload env to k8s/secret-in-env', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          env:',
      '            - name: DB_PASSWORD',
      '              value: hunter2hunter2',
      '            - name: API_TOKEN',
      '              valueFrom: {secretKeyRef: {name: api, key: token}}',
      '',
    ].join('\n');
    const compose = 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=example-pass\n      - POSTGRES_USER=app\n';
    const values = 'extraEnv:\n  - name: DB_PASSWORD\n    value: hunter2hunter2\n';
    const findings = runRule(hardcodedPassword, { 'k8s/deployment.yaml': deployment, 'compose.yaml': compose, 'chart/values.yaml': values });
    expect(where(findings)).toEqual([span(compose, 'example-pass'), span(values, 'hunter2hunter2')]);
    // The Deployment's literal is reported once, by the Kubernetes rule.
    expect(runRule(secretInEnv, { 'k8s/deployment.yaml': deployment }).map((f) => f.location.line)).toEqual([11]);
  });

  it('passes references, templates, placeholders and non-secret settings', () => {
    const text = [
      'password: ""',
      'apiKey: ${API_KEY}',
      'token: "{{ .Values.token }}"',
      'clientSecret: <your-client-secret>',
      'existingSecret: db-credentials',
      'passwordSecretRef: {name: db}',
      'secretKey: password',
      'tokenUrl: https://auth.example.com/token',
      'automountServiceAccountToken: false',
      'permissions:',
      '  id-token: write',
      'with:',
      '  password: ${{ secrets.REGISTRY_PASSWORD }}',
      'vault: {token: "env://VAULT_TOKEN"}',
      'db: {password: "ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]"}',
      '',
    ].join('\n');
    expect(runRule(hardcodedPassword, { 'values.yaml': text })).toEqual([]);
  });

  it('leaves Secret objects to secrets/kubernetes-secret', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  password: s3cr3t-value\n';
    expect(runRule(hardcodedPassword, { 'secret.yaml': secret })).toEqual([]);
  });
});
