// Fingerprints and `--baseline`: a repository with hundreds of findings can adopt the audit in CI
// and fail only on new ones. A finding's fingerprint hashes its rule, its file and the normalised
// text of its lines (whitespace collapsed), plus an index among findings with the same three, so
// lines inserted above it do not change it, and two identical findings in one file stay distinct.
import { hash as digest } from 'node:crypto';
import { REPOSITORY_LOCATION } from './engine.js';
import type { Finding, Repo } from './types.js';

export const FINGERPRINT_VERSION = 'v1';

/** A fingerprint for each finding (findings in report order, so occurrence indexes are stable). */
export function fingerprintFindings(findings: readonly Finding[], repo: Repo): Map<Finding, string> {
  const texts = new Map(repo.files.map((file) => [file.path, file.text] as const));
  const lineCache = new Map<string, string[]>();
  const linesOf = (file: string): string[] => {
    let lines = lineCache.get(file);
    if (!lines) {
      lines = (texts.get(file) ?? '').split('\n');
      lineCache.set(file, lines);
    }
    return lines;
  };
  // Many findings share a rule and lines (130,000 on one 1 MiB EXPOSE line took 20 s to normalise
  // and hash one by one): each distinct rule, file and line range is hashed once.
  const bases = new Map<string, string>();
  const baseOf = (finding: Finding): string => {
    const { file, line, endLine } = finding.location;
    const key = file === REPOSITORY_LOCATION.file ? `${finding.ruleId}\u0000${file}\u0000${finding.message}` : `${finding.ruleId}\u0000${file}\u0000${line}\u0000${endLine}`;
    let base = bases.get(key);
    if (base === undefined) {
      const text =
        file === REPOSITORY_LOCATION.file
          ? finding.message
          : linesOf(file)
              .slice(Math.max(0, line - 1), Math.max(line, endLine))
              .map(normalizeSpace)
              .join('\n');
      base = hash([finding.ruleId, file, text].join('\u0000'));
      bases.set(key, base);
    }
    return base;
  };
  const seen = new Map<string, number>();
  const out = new Map<Finding, string>();
  for (const finding of findings) {
    const base = baseOf(finding);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    out.set(finding, `${FINGERPRINT_VERSION}:${hash(`${base}:${occurrence}`).slice(0, 32)}`);
  }
  return out;
}

/** The line trimmed, each run of whitespace one space (most lines have none to change: no copy then). */
function normalizeSpace(line: string): string {
  const trimmed = line.trim();
  return /\s\s|[^\S ]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** SHA-256 of the text's UTF-8 bytes, in hex. crypto.hash (Node 20.12+) is one call, half the cost of a Hash object per finding. */
function hash(text: string): string {
  return digest('sha256', text, 'hex');
}

export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** What a previous JSON report says was already there. */
export interface Baseline {
  readonly fingerprints: ReadonlySet<string>;
  /** rule, file and message of findings without a fingerprint (reports written before fingerprints), with counts. */
  readonly legacy: ReadonlyMap<string, number>;
}

/** Reads a JSON report (`audit --format json`) as a baseline. Never echoes the file's content. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError('is not JSON: write it with `audit --format json -o <file>`');
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== 1 || !Array.isArray(findings)) {
    throw new BaselineError('is not an audit JSON report (version 1 with a findings list)');
  }
  const fingerprints = new Set<string>();
  const legacy = new Map<string, number>();
  for (const item of findings as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { fingerprint, ruleId, file, message } = item as Record<string, unknown>;
    if (typeof fingerprint === 'string') fingerprints.add(fingerprint);
    else if (typeof ruleId === 'string' && typeof file === 'string' && typeof message === 'string') {
      const key = legacyKey(ruleId, file, message);
      legacy.set(key, (legacy.get(key) ?? 0) + 1);
    }
  }
  return { fingerprints, legacy };
}

function legacyKey(ruleId: string, file: string, message: string): string {
  return `${ruleId}\u0000${file}\u0000${message}`;
}

/** Splits findings into the new ones and those the baseline already had. */
export function matchBaseline(findings: readonly Finding[], fingerprints: ReadonlyMap<Finding, string>, baseline: Baseline): { fresh: Finding[]; matched: Finding[] } {
  const legacy = new Map(baseline.legacy);
  const fresh: Finding[] = [];
  const matched: Finding[] = [];
  for (const finding of findings) {
    const fingerprint = fingerprints.get(finding);
    const key = legacyKey(finding.ruleId, finding.location.file, finding.message);
    if (fingerprint !== undefined && baseline.fingerprints.has(fingerprint)) matched.push(finding);
    else if ((legacy.get(key) ?? 0) > 0) {
      legacy.set(key, legacy.get(key)! - 1);
      matched.push(finding);
    } else fresh.push(finding);
  }
  return { fresh, matched };
}
