import { describe, expect, it } from 'vitest';
import { excessivePermissions, missingPermissions } from '../../../../src/audit/rules/workflow/token-permissions.js';
import { runRule } from '../../../helpers/audit.js';

const file = '.github/workflows/ci.yml';

describe('workflow/missing-permissions', () => {
  it('reports a workflow where a job gets the default token', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n  b:\n    runs-on: x\n    permissions: {contents: read}\n    steps: [{run: echo}]\n';
    const findings = runRule(missingPermissions, { [file]: text });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/jobs? a declare/);
    expect(findings[0]!.location.line).toBe(1);
  });

  it('accepts top-level permissions, or every job declaring its own', () => {
    expect(runRule(missingPermissions, { [file]: 'on: push\npermissions: {}\njobs:\n  a: {runs-on: x, steps: [{run: echo}]}\n' })).toEqual([]);
    expect(runRule(missingPermissions, { [file]: 'on: push\njobs:\n  a: {runs-on: x, permissions: {}, steps: [{run: echo}]}\n' })).toEqual([]);
  });
});

describe('workflow/excessive-permissions', () => {
  it('reports write-all and top-level write scopes', () => {
    const text = 'on: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  a:\n    runs-on: x\n    permissions: write-all\n    steps: [{run: echo}]\n';
    const findings = runRule(excessivePermissions, { [file]: text });
    expect(findings.map((f) => [f.location.line, f.severity])).toEqual([
      [4, 'medium'],
      [8, 'high'],
    ]);
  });

  it('accepts write scopes granted per job', () => {
    const text = 'on: push\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: x\n    permissions: {id-token: write, packages: write}\n    steps: [{run: echo}]\n';
    expect(runRule(excessivePermissions, { [file]: text })).toEqual([]);
  });
});
