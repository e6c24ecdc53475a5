// A rule that fires whenever a shell starts, with nothing that lets the expected parents through,
// alerts on every entrypoint script, probe and `kubectl exec`: the channel floods and the alert
// that matters is lost in it (or the rule is switched off).
import { defineRule } from '../../types.js';
import { type FalcoItem, falcoItems, isSyscallSource, readCondition } from './_support.js';
import { UPSTREAM_LINEAGE_MACROS } from './upstream-names.js';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'busybox']);
const EXEC_EVENTS = new Set(['execve', 'execveat']);
/** Fields naming the process itself: what a shell test looks at. */
const PROCESS_FIELDS = new Set(['proc.name', 'proc.exe', 'proc.exepath']);
/** Fields describing the parent, an ancestor, the session or process group: what an allowed-parent exception uses. */
const LINEAGE_FIELD = /^proc\.(?:p(?:name|exe|exepath|cmdline|pid|vpid)|a(?:name|exe|exepath|cmdline|pid)(?:\[[1-9][0-9]*\])?|sname|vpgid\.\w+)$/;

export const shellRuleWithoutException = defineRule({
  id: 'falco/shell-rule-without-exception',
  area: 'falco',
  severity: 'medium',
  title: 'Shell-spawn Falco rule allows no parent process',
  why:
    'Containers start shells for legitimate reasons (entrypoint scripts, exec probes, operators running kubectl exec). ' +
    'A rule that alerts on every one of them floods the alert channel, and a flooded channel is muted: the real ' +
    'intrusion is lost in the noise.',
  detect:
    'An enabled rule whose condition matches a process spawn (spawned_process or evt.type in execve) of a shell ' +
    '(shell_procs, shell_binaries, or proc.name naming sh, bash, ...), with no test on the parent or an ancestor ' +
    '(proc.pname, proc.aname, proc.pexe, proc.pcmdline, ...) in its condition, its macros or its exceptions.',
  fix:
    'Allow the processes that are expected to start shells, e.g. `and not proc.pname in (app_shell_parents)` with a list ' +
    'of them, or an exception: `exceptions: [{name: known_parents, fields: [proc.pname], comps: [in], values: [[[node, tini]]]}]`.',
  refs: [],
  check({ repo, report }) {
    const items = falcoItems(repo).filter(isSyscallSource);
    const context: Context = {
      macros: groupConditions(items.filter((item) => item.kind === 'macro')),
      lists: groupLists(items.filter((item) => item.kind === 'list')),
    };
    for (const rule of effectiveRules(items)) {
      if (!rule.enabled) continue;
      // Falco appends a condition as text (`append` items start with `and ...` or `or ...`).
      const traits = traitsOf(rule.conditions.join(' '), false, context, new Set());
      if (!traits.spawn || !traits.shell || traits.lineage || rule.exceptionFields.some((field) => LINEAGE_FIELD.test(field))) continue;
      report({
        location: rule.base.locate('rule'),
        message:
          `rule ${JSON.stringify(rule.base.name)} fires on every shell that starts and allows no parent process; add an ` +
          'exception on proc.pname (or `and not proc.pname in (...)`) for the processes expected to run shells.',
      });
    }
  },
});

interface Context {
  readonly macros: ReadonlyMap<string, readonly string[]>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

interface Traits {
  spawn: boolean;
  shell: boolean;
  lineage: boolean;
}

interface EffectiveRule {
  readonly base: FalcoItem;
  readonly conditions: string[];
  readonly exceptionFields: string[];
  enabled: boolean;
}

/**
 * Each rule as Falco ends up with it: the defining item plus later items of the same name that
 * append to its condition or exceptions, or switch it on or off.
 */
function effectiveRules(items: readonly FalcoItem[]): EffectiveRule[] {
  const rules = new Map<string, EffectiveRule>();
  for (const item of items) {
    if (item.kind !== 'rule') continue;
    const { condition, exceptions, enabled, override, append } = item.fields;
    const changes = (override !== undefined && override !== null) || append === true;
    let rule = rules.get(item.name);
    if (!rule || (!changes && typeof condition === 'string')) {
      if (typeof condition !== 'string') continue; // a change to a rule defined elsewhere (e.g. upstream)
      rule = { base: item, conditions: [], exceptionFields: [], enabled: true };
      rules.set(item.name, rule);
    }
    const replaces = (field: string) => isRecord(override) && override[field] === 'replace';
    if (typeof condition === 'string') {
      if (replaces('condition')) rule.conditions.length = 0;
      rule.conditions.push(condition);
    }
    if (Array.isArray(exceptions)) rule.exceptionFields.push(...exceptions.flatMap(exceptionFields));
    if (typeof enabled === 'boolean') rule.enabled = enabled;
  }
  return [...rules.values()];
}

function exceptionFields(exception: unknown): string[] {
  if (!isRecord(exception)) return [];
  const { fields } = exception;
  if (typeof fields === 'string') return [fields];
  return Array.isArray(fields) ? fields.filter((field): field is string => typeof field === 'string') : [];
}

/** What a condition matches, following the repository's macros (and the known default ones). */
function traitsOf(condition: string, negated: boolean, context: Context, seen: Set<string>): Traits {
  const facts = readCondition(condition);
  const traits: Traits = { spawn: false, shell: false, lineage: false };
  for (const test of facts.tests) {
    if (LINEAGE_FIELD.test(test.field)) traits.lineage = true; // allowed or required parents both scope the rule
    const positive = test.negated === negated && test.operator !== '!=';
    if (!positive) continue;
    if (test.field === 'evt.type' && test.values.some((value) => EXEC_EVENTS.has(value))) traits.spawn = true;
    if (PROCESS_FIELDS.has(test.field) && expand(test.values, context).some(isShell)) traits.shell = true;
  }
  for (const reference of facts.macros) {
    const polarity = reference.negated !== negated;
    const definitions = context.macros.get(reference.name);
    if (definitions && !seen.has(reference.name)) {
      const inner = traitsOf(definitions.join(' '), polarity, context, new Set([...seen, reference.name]));
      traits.spawn ||= inner.spawn;
      traits.shell ||= inner.shell;
      traits.lineage ||= inner.lineage;
    } else if (!definitions) {
      if (UPSTREAM_LINEAGE_MACROS.has(reference.name)) traits.lineage = true;
      if (!polarity && reference.name === 'spawned_process') traits.spawn = true;
      if (!polarity && reference.name === 'shell_procs') traits.shell = true;
    }
  }
  return traits;
}

/** Values with list names replaced by their items (the repository's lists, or the default shell_binaries). */
function expand(values: readonly string[], context: Context, seen: ReadonlySet<string> = new Set()): string[] {
  return values.flatMap((value) => {
    const items = context.lists.get(value);
    if (items && !seen.has(value)) return expand(items, context, new Set([...seen, value]));
    if (!items && value === 'shell_binaries') return [...SHELLS];
    return [value];
  });
}

function isShell(value: string): boolean {
  return SHELLS.has(value.slice(value.lastIndexOf('/') + 1));
}

function groupConditions(items: readonly FalcoItem[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    if (typeof item.fields.condition !== 'string') continue;
    const appends = item.fields.append === true || (isRecord(item.fields.override) && item.fields.override.condition === 'append');
    const group = appends ? (groups.get(item.name) ?? []) : [];
    group.push(item.fields.condition);
    groups.set(item.name, group);
  }
  return groups;
}

function groupLists(items: readonly FalcoItem[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    if (!Array.isArray(item.fields.items)) continue;
    const values = item.fields.items.map(String);
    const appends = item.fields.append === true || (isRecord(item.fields.override) && item.fields.override.items === 'append');
    groups.set(item.name, appends ? [...(groups.get(item.name) ?? []), ...values] : values);
  }
  return groups;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
