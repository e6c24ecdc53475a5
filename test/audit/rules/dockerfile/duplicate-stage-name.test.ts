import { describe, expect, it } from 'vitest';
import { duplicateStageName } from '../../../../src/audit/rules/dockerfile/duplicate-stage-name.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/duplicate-stage-name', () => {
  it('reports a reused name (case-insensitive) at the second stage\'s name', () => {
    const findings = check(duplicateStageName, dockerfile('FROM golang:1.26.0 AS build', 'FROM node:24-slim AS BUILD'));
    expect(where(findings)).toEqual(['2:22-2:26']);
    expect(findings[0]!.message).toContain('already used by an earlier stage');
  });

  it('passes distinct names', () => {
    expect(check(duplicateStageName, dockerfile('FROM golang:1.26.0 AS build', 'FROM node:24-slim AS web', 'FROM debian:13'))).toEqual([]);
  });
});
