import { describe, expect, it } from 'vitest';
import { isSecretName, secretInEnv } from '../../../../src/audit/rules/kubernetes/secret-in-env.js';
import { check } from '../_located.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      env:
        - name: DB_PASSWORD
          value: hunter2
        - name: stripeApiKey
          value: "sk_live_abc123"
        - name: PASSWORD_FILE
          value: /run/secrets/db
        - name: TOKEN_TTL
          value: "3600"
        - name: GITHUB_TOKEN
          valueFrom:
            secretKeyRef: {name: gh, key: token}
        - name: LOG_LEVEL
          value: debug
        - name: AUTH_ENABLED
          value: "true"
        - name: DATABASE_URL
          value: postgres://app:s3cret@db:5432/app
        - name: AUTH_URL
          value: https://auth.example.com
        - name: CACHE_URL
          value: redis://cache:6379/0
`;

describe('k8s/secret-in-env', () => {
  it('reports literal values of credential-named variables', () => {
    expect(check(secretInEnv, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:11:18', text: 'hunter2', severity: 'high' },
      { at: 'pod.yaml:13:18', text: '"sk_live_abc123"', severity: 'high' },
      { at: 'pod.yaml:26:18', text: 'postgres://app:s3cret@db:5432/app', severity: 'high' },
    ]);
  });

  it('passes secretKeyRef, paths, numbers and settings about secrets', () => {
    expect(check(secretInEnv, { 'pod.yaml': POD.replace('value: hunter2', 'value: ""').replace('value: "sk_live_abc123"', 'value: $(FROM_SECRET)').replace('app:s3cret@', 'app:$(DB_PASSWORD)@') })).toEqual([]);
  });

  it('recognises credential names in every common spelling', () => {
    for (const name of ['DB_PASSWORD', 'password', 'apiKey', 'AWS_SECRET_ACCESS_KEY', 'client-secret', 'SENTRY_DSN', 'JWT_TOKEN']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['PASSWORD_FILE', 'TOKEN_TTL', 'SECRET_NAME', 'TOKENIZER_MODEL', 'BYPASS_CACHE', 'KEYCLOAK_URL', 'AUTH_URL', 'OAUTH_CLIENT_ID']) expect(isSecretName(name), name).toBe(false);
  });
});

describe('k8s/secret-in-env fix', () => {
  it('reads each value from a Secret named after the workload, key = variable; only with a caveat that never shows the value', () => {
    const files = { 'pod.yaml': POD };
    const findings = auditFiles(files, [secretInEnv]);
    expect(findings).toHaveLength(3);
    for (const finding of findings) {
      expect(finding.fix!.caveat).toMatch(/will not start until Secret p-secrets with key \S+ exists: create it outside git .* rotate the value/);
      expect(JSON.stringify(finding.fix!.description) + finding.fix!.caveat).not.toMatch(/hunter2|sk_live|s3cret/);
    }
    expect(expectCleanFix(secretInEnv, files)).toBe(3);
    const fixed = fixedText(files, secretInEnv, { include: 'all' })['pod.yaml']!;
    expect(fixed).toBe(
      POD.replace('          value: hunter2\n', '          valueFrom:\n            secretKeyRef:\n              name: p-secrets\n              key: DB_PASSWORD\n')
        .replace('          value: "sk_live_abc123"\n', '          valueFrom:\n            secretKeyRef:\n              name: p-secrets\n              key: stripeApiKey\n')
        .replace('          value: postgres://app:s3cret@db:5432/app\n', '          valueFrom:\n            secretKeyRef:\n              name: p-secrets\n              key: DATABASE_URL\n'),
    );
    expect(fixedText(files, secretInEnv, { include: 'safe' })['pod.yaml']).toBe(POD);
  });
});

describe('k8s/secret-in-env placeholders', () => {
  it('a value that names the variable (a sed target) or says to fill it in is not a credential; a working default is', () => {
    const pod = (value: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: c:1\n      env:\n        - name: GOOGLE_API_KEY\n          value: ${value}\n`;
    expect(auditFiles({ 'pod.yaml': pod('GOOGLE_API_KEY_VAL') }, [secretInEnv])).toEqual([]);
    expect(auditFiles({ 'pod.yaml': pod('YOUR_API_KEY_HERE') }, [secretInEnv])).toEqual([]);
    expect(auditFiles({ 'pod.yaml': pod('AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY') }, [secretInEnv])).toHaveLength(1);
  });
});
