// Dockerfile shapes that once stalled or crashed the audit (issue 9): 170,000 `RUN a` lines ran for
// 6 minutes (every RUN looked for the SHELL in effect by scanning its whole stage), 41,000 apt
// installs for 132 s (each install rescanned every later command, and every earlier RUN for an apt
// config), 20,000 stages for 20 s (each FROM scanned every stage for its parent), and a RUN of
// 170,000 continued words made 33 rules fail with a stack overflow (Math.min(...words)). The
// bound is the assertion: generous for a slow machine, far below what a quadratic takes.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/audit/engine.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { renderText } from '../../../src/audit/report/text.js';
import { RULES } from '../../../src/audit/rules/index.js';

function audit(text: string) {
  const started = performance.now();
  const { repo } = parseRepo('/virtual', [{ path: 'Dockerfile', text }]);
  const findings = runRules(repo, RULES);
  return { findings, ms: performance.now() - started, crashed: findings.filter((f) => f.ruleId === 'audit/rule-error') };
}

describe('Dockerfiles no rule is quadratic in', () => {
  it('40,000 RUN instructions', () => {
    const { findings, ms, crashed } = audit(`FROM alpine:3.20\n${'RUN a\n'.repeat(40_000)}`);
    expect(crashed).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toContain('dockerfile/root-user');
    expect(ms).toBeLessThan(10_000);
  });

  it('20,000 apt-get installs, each one a finding', () => {
    const { findings, ms, crashed } = audit(`FROM debian:13\n${'RUN apt-get install curl\n'.repeat(20_000)}`);
    expect(crashed).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'dockerfile/apt-install-recommends')).toHaveLength(20_000);
    expect(ms).toBeLessThan(10_000);
  });

  it('12,000 RUNs that update and install without removing the lists, each offered the clean-up', () => {
    const { findings, ms, crashed } = audit(`FROM debian:13\n${'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2\n'.repeat(12_000)}`);
    expect(crashed).toEqual([]);
    const cache = findings.filter((f) => f.ruleId === 'dockerfile/package-cache');
    expect(cache).toHaveLength(12_000);
    // Each RUN updates before it installs, so no later RUN needs the lists this one removes.
    expect(cache.every((f) => f.fix?.edits[0]?.text === ' && rm -rf /var/lib/apt/lists/*')).toBe(true);
    // Each finding looked at every later RUN: 21 s.
    expect(ms).toBeLessThan(10_000);
  });

  it('40,000 ONBUILD RUN triggers, each one read once', () => {
    const { findings, ms, crashed } = audit(`FROM alpine:3.20\n${'ONBUILD RUN curl -fsSL https://example.com/i.sh | sh && sudo make install\n'.repeat(40_000)}USER 1000\n`);
    expect(crashed).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'dockerfile/curl-pipe-shell')).toHaveLength(40_000);
    expect(findings.filter((f) => f.ruleId === 'dockerfile/sudo')).toHaveLength(40_000);
    // Each trigger was found by a scan of the stage's triggers, and parsed with its arguments recomputed.
    expect(ms).toBeLessThan(15_000);
  });

  it('12,000 stages, each built FROM the one before: SHELL, variables, base image and apt settings are inherited down the chain', () => {
    const stages = Array.from({ length: 11_999 }, (_, i) => `FROM s${i} AS s${i + 1}\nWORKDIR $HOME/w${i}\nRUN a | b && apt-get install -y curl\nENV TOKEN_${i}=abc${i}xyz\n`).join('');
    const { findings, ms, crashed } = audit(`FROM debian:13 AS s0\n${stages}`);
    expect(crashed).toEqual([]);
    const count = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).length;
    expect(count('dockerfile/missing-pipefail')).toBe(11_999);
    expect(count('dockerfile/apt-install-recommends')).toBe(11_999);
    expect(count('dockerfile/secret-in-env-or-arg')).toBe(11_999);
    // Every RUN walked up the chain for its SHELL, its base image and its apt settings, and every
    // stage re-read all its ancestors' ENV: 9 s, 28 s and 4 s for a third of this file each.
    expect(ms).toBeLessThan(15_000);
  });

  it('9,000 secret ENV lines followed by a megabyte of $references to other names: each removal offered', () => {
    const envs = Array.from({ length: 9_000 }, (_, i) => `ENV API_TOKEN_${i}=t0k3n-${i}-value\n`).join('');
    const { findings, ms, crashed } = audit(`FROM alpine:3.20\n${envs}RUN echo ${'$API_TOKEN_X ${API_TOKEN_Y} '.repeat(25_000)}\nUSER 1000\n`);
    expect(crashed).toEqual([]);
    const secrets = findings.filter((f) => f.ruleId === 'dockerfile/secret-in-env-or-arg');
    expect(secrets).toHaveLength(9_000);
    // No later instruction reads these names ($API_TOKEN_X is another variable), so each line can go.
    expect(secrets.every((f) => f.fix !== undefined)).toBe(true);
    expect(ms).toBeLessThan(10_000);
  });

  it('sh -c nested 17 deep (a 260 kB RUN of escaped quotes), its innermost command still read', () => {
    let script = 'curl -fsSL https://example.com/install.sh | sh';
    for (let depth = 0; depth < 17; depth++) script = `sh -c ${JSON.stringify(script)}`;
    const { findings, ms, crashed } = audit(`FROM alpine:3.20\nRUN ${script}\nUSER 1000\n`);
    expect(crashed).toEqual([]);
    expect(ms).toBeLessThan(10_000);
    expect(findings.map((f) => f.ruleId)).toContain('dockerfile/base-image-digest');
    // Nesting is read a few levels deep (commandLists): two levels down, the pipe into sh is still found.
    const shallow = audit(`FROM alpine:3.20\nRUN sh -c ${JSON.stringify(`sh -c ${JSON.stringify('curl -fsSL https://example.com/install.sh | sh')}`)}\nUSER 1000\n`);
    expect(shallow.findings.map((f) => f.ruleId)).toContain('dockerfile/curl-pipe-shell');
  });

  it('20,000 stages', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `FROM alpine:3.20 AS s${i}\nRUN a\n`).join('');
    const { findings, ms, crashed } = audit(text);
    expect(crashed).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'dockerfile/base-image-digest')).toHaveLength(20_000);
    expect(ms).toBeLessThan(10_000);
  });

  it('a RUN of 170,000 continued words, and 100,000 nested subshells: every rule runs', () => {
    for (const run of [`RUN \\\n${'  a \\\n'.repeat(170_000)}  b\n`, `RUN ${'('.repeat(100_000)}a${')'.repeat(100_000)}\n`]) {
      const { ms, crashed } = audit(`FROM alpine:3.20\n${run}`);
      expect(crashed).toEqual([]);
      expect(ms).toBeLessThan(10_000);
    }
  });

  it('130,000 here-documents on one RUN line, and 100,000 flags on one COPY (both quadratic in a library)', () => {
    const heredocs = audit(`FROM alpine:3.20\nRUN curl -fsSL https://example.com/i.sh | sh\nRUN ${'cat <<A '.repeat(130_000)}\nA\n`);
    expect(heredocs.crashed).toEqual([]);
    expect(heredocs.findings.map((f) => f.ruleId)).toContain('dockerfile/curl-pipe-shell');
    expect(heredocs.ms).toBeLessThan(10_000);
    const flags = audit(`FROM alpine:3.20\nCOPY ${'--chown=1 '.repeat(100_000)}. /app\n`);
    expect(flags.crashed).toEqual([]);
    expect(flags.ms).toBeLessThan(10_000);
  });

  it('a 1 MiB `sh -ccc…` word and a 1 MiB WORKDIR of unclosed ${A:- (regular expressions took 12 s and 29 s on 200 kB)', () => {
    const option = audit(`FROM alpine:3.20\nRUN sh -${'c'.repeat(1 << 20)}X\n`);
    expect(option.crashed).toEqual([]);
    expect(option.ms).toBeLessThan(10_000);
    const workdir = audit(`FROM alpine:3.20\nWORKDIR /${'${A:-'.repeat(200_000)}\n`);
    expect(workdir.crashed).toEqual([]);
    expect(workdir.ms).toBeLessThan(10_000);
  });

  it('one RUN of 100,000 `command` words, of 50,000 apt-get updates, of 50,000 apk adds, of 25,000 curl | sh (85 s, 61 s, 40 s and 16 s before)', () => {
    const run = (command: string, times: number) => `FROM debian:13\nRUN ${Array(times).fill(command).join(' && ')}\n`;
    const words = audit(`FROM debian:13\nRUN ${'command '.repeat(100_000)}x\n`);
    const updates = audit(run('apt-get update', 50_000));
    const adds = audit(run('apk add x', 50_000));
    const pipes = audit(run('curl -fsSL https://x.io/i.sh | sh', 25_000));
    for (const { crashed, ms } of [words, updates, adds, pipes]) {
      expect(crashed).toEqual([]);
      expect(ms).toBeLessThan(10_000);
    }
    expect(updates.findings.filter((f) => f.ruleId === 'dockerfile/package-update-alone')).toHaveLength(50_000);
    expect(adds.findings.filter((f) => f.ruleId === 'dockerfile/package-cache')).toHaveLength(50_000);
    expect(pipes.findings.filter((f) => f.ruleId === 'dockerfile/missing-pipefail')).toHaveLength(1);
  });

  it('the text report of 130,000 findings', () => {
    const { findings } = audit(`FROM debian:13\n${'RUN apt-get install curl\n'.repeat(45_000)}`);
    expect(findings.length).toBeGreaterThan(130_000);
    const report = renderText({ tool: { name: 't', version: '0', informationUri: 'u' }, findings, rules: RULES, notes: [], suppressed: 0, filesAudited: 1, failOn: 'high' }, { color: false });
    expect(report).toMatch(/✖ \d+ findings/);
  });
});
