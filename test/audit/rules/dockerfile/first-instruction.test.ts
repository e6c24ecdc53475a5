import { describe, expect, it } from 'vitest';
import { firstInstruction } from '../../../../src/audit/rules/dockerfile/first-instruction.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/first-instruction', () => {
  it('reports an instruction other than ARG before FROM', () => {
    const text = dockerfile('# syntax=docker/dockerfile:1', 'ARG BASE=debian:13', 'ENV A=1', 'FROM $BASE');
    expect(where(check(firstInstruction, text))).toEqual(['3:1-3:7']);
  });

  it('reports a Dockerfile without FROM and passes one that starts with ARG or FROM', () => {
    expect(where(check(firstInstruction, dockerfile('ARG X=1')))).toEqual(['1:1-1:7']);
    expect(check(firstInstruction, dockerfile('# comment', 'ARG BASE=debian:13', 'FROM $BASE'))).toEqual([]);
  });
});
