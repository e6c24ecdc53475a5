import { describe, expect, it } from 'vitest';
import { secretInEnvOrArg } from '../../../../src/audit/rules/dockerfile/secret-in-env-or-arg.js';
import { check, dockerfile, where } from './_helpers.js';

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
