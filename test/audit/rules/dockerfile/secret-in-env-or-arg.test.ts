import { describe, expect, it } from 'vitest';
import { secretInEnvOrArg } from '../../../../src/audit/rules/dockerfile/secret-in-env-or-arg.js';
import { check, dockerfile, where } from './_helpers.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

describe('dockerfile/secret-in-env-or-arg', () => {
  it('reports a literal secret in ENV or ARG as critical, at the name, without showing the value', () => {
    const findings = check(secretInEnvOrArg, dockerfile('FROM debian:13', 'ENV DB_PASSWORD=correct-horse-battery', 'ARG API_KEY="sk-123456789"'));
    expect(where(findings)).toEqual(['2:5-2:15', '3:5-3:11']);
    expect(findings.map((f) => f.severity)).toEqual(['critical', 'critical']);
    expect(findings[0]!.message).toContain('corr… (21 chars)');
    expect(findings[0]!.message).not.toContain('horse');
  });

  it('reports secrets passed by variable or build argument with lower severity', () => {
    const findings = check(secretInEnvOrArg, dockerfile('ARG GITHUB_TOKEN', 'FROM debian:13 AS build', 'ARG NPM_TOKEN', 'FROM debian:13', 'ARG TOKEN', 'ENV NPM_TOKEN=$TOKEN'));
    expect(where(findings)).toEqual(['1:5-1:16', '3:5-3:13', '5:5-5:9', '6:5-6:13']);
    expect(findings.map((f) => f.severity)).toEqual(['medium', 'medium', 'medium', 'high']);
  });

  it('passes names that only refer to a secret, and values that are not secrets', () => {
    const text = dockerfile(
      'FROM python:3.13-slim',
      'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
      'ENV DB_PASSWORD_FILE=/run/secrets/db TOKEN_URL=https://auth.example.com/token',
      'ENV ENABLE_TOKEN_AUTH=true PWD=/app TOKENIZERS_PARALLELISM=false',
    );
    expect(check(secretInEnvOrArg, text)).toEqual([]);
  });

  it('handles the legacy `ENV name value` form', () => {
    expect(where(check(secretInEnvOrArg, dockerfile('FROM debian:13', 'ENV ADMIN_PASSWORD s3cr3t-value')))).toEqual(['2:5-2:18']);
  });
});

describe('dockerfile/secret-in-env-or-arg fix', () => {
  const file = 'FROM node:22-slim\n# settings\nENV NODE_ENV=production\nENV DB_PASSWORD=orders-db-pass-2024\nWORKDIR /app\nCMD ["node", "server.js"]\n';

  it('removes a literal secret ENV line, with a caveat to provide it at run time and rotate it', () => {
    const files = { Dockerfile: file };
    const [finding] = auditFiles(files, [secretInEnvOrArg]);
    expect(finding!.fix!.caveat).toMatch(/no longer finds DB_PASSWORD in the image: give it at run time .* Rotate the value/);
    expect(finding!.fix!.caveat).not.toContain('orders-db-pass');
    expect(expectCleanFix(secretInEnvOrArg, files)).toBe(1);
    expect(fixedText(files, secretInEnvOrArg, { include: 'all' }).Dockerfile).toBe(file.replace('ENV DB_PASSWORD=orders-db-pass-2024\n', ''));
    expect(fixedText(files, secretInEnvOrArg, { include: 'safe' }).Dockerfile).toBe(file);
  });

  it('offers none where removing the line would change more: several variables in it, a later instruction reading it, an ARG', () => {
    for (const text of [
      'FROM node:22-slim\nENV A=1 DB_PASSWORD=orders-db-pass-2024\n',
      'FROM node:22-slim\nENV DB_PASSWORD=orders-db-pass-2024\nRUN ./init-db --password "${DB_PASSWORD}"\n',
      'FROM node:22-slim\nENV DB_PASSWORD=orders-db-pass-2024\nRUN ./init-db --password $DB_PASSWORD\n',
      'FROM node:22-slim\nENV DB_PASSWORD=orders-db-pass-2024\nRUN ./init-db --password ${DB_PASSWORD:-unset}-x\n',
      'FROM node:22-slim\nARG DB_PASSWORD=orders-db-pass-2024\n',
    ]) {
      const [finding] = auditFiles({ Dockerfile: text }, [secretInEnvOrArg]);
      expect(finding!.fix, text).toBeUndefined();
      expect(finding!.noFix).toMatch(/secret store/);
    }
  });

  it('looks for readers only in the instructions after it: not in comments, not in the lines before', () => {
    for (const text of [
      'FROM node:22-slim\nENV DB_PASSWORD=orders-db-pass-2024\n# the app reads $DB_PASSWORD at start\nCMD ["node", "server.js"]\n',
      'FROM node:22-slim\nRUN echo "${DB_PASSWORD}" > /dev/null\nENV DB_PASSWORD=orders-db-pass-2024\n',
      // Another variable whose name starts with this one's is not a reader of it.
      'FROM node:22-slim\nENV DB_PASSWORD=orders-db-pass-2024\nRUN ./init-db --password-file "$DB_PASSWORD_FILE" ${DB_PASSWORD_HASH:-x}\n',
    ]) {
      expect(auditFiles({ Dockerfile: text }, [secretInEnvOrArg])[0]!.fix, text).toBeDefined();
    }
    // The reader is the last instruction of a file with many of them.
    const many = `FROM node:22-slim\nENV DB_PASSWORD=orders-db-pass-2024\n${'RUN true\n'.repeat(500)}RUN ./init-db --password "$DB_PASSWORD"\n`;
    expect(auditFiles({ Dockerfile: many }, [secretInEnvOrArg])[0]!.fix).toBeUndefined();
  });
});
