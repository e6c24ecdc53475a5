// A rule that fires whenever a shell starts, with nothing that lets the expected parents through,
// alerts on every entrypoint script, probe and `kubectl exec`: the channel floods and the alert
// that matters is lost in it (or the rule is switched off).
import { defineRule } from '../../types.js';
import { type ConditionFacts, type FalcoItem, FindingBudget, falcoItems, isSyscallSource, reachingAny, readCondition, shownName } from './_support.js';
import { UPSTREAM_LINEAGE_MACROS } from './upstream-names.js';
import { appendAll } from '../../../util/append.js';

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
  noFix: 'Which processes are expected to start shells (an entrypoint script, a probe, an operator\'s kubectl exec) only the team knows; an empty exception would silence the finding without excepting anything.',
  check({ repo, report }) {
    const items = falcoItems(repo).filter(isSyscallSource);
    const graph = new TraitGraph(groupConditions(items.filter((item) => item.kind === 'macro')), groupLists(items.filter((item) => item.kind === 'list')));
    const budget = new FindingBudget(report);
    for (const rule of effectiveRules(items)) {
      if (!rule.enabled) continue;
      // Falco appends a condition as text (`append` items start with `and ...` or `or ...`).
      const traits = graph.traitsOfCondition(rule.conditions.join(' '));
      if (!traits.spawn || !traits.shell || traits.lineage || rule.exceptionFields.some((field) => LINEAGE_FIELD.test(field))) continue;
      budget.add(rule.base.document.file.path, () => ({
        location: rule.base.locate('rule'),
        message:
          `rule "${shownName(rule.base.name)}" fires on every shell that starts and allows no parent process; add an ` +
          'exception on proc.pname (or `and not proc.pname in (...)`) for the processes expected to run shells.',
      }));
    }
    budget.finish((more) => `… and ${more.toLocaleString('en-US')} more rule${more === 1 ? '' : 's'} in this file that fire on every shell and allow no parent process.`);
  },
});

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
    if (Array.isArray(exceptions)) appendAll(rule.exceptionFields, exceptions.flatMap(exceptionFields));
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

type Trait = keyof Traits;
const TRAITS: readonly Trait[] = ['spawn', 'shell', 'lineage'];

/**
 * What conditions match, following the repository's macros and lists (and the known default
 * ones). A macro is a node per polarity (under an odd number of `not` or not); a trait holds for
 * a node when any node it expands to has it directly, so each trait is one walk over the reversed
 * graph for all macros at once. Each condition is read once and each macro visited once per trait:
 * linear in the size of the rules, whatever the loops or the sharing between macros.
 */
class TraitGraph {
  private readonly macroIndex = new Map<string, number>();
  /** Node 2i: macro i read as written; node 2i+1: macro i under negation. */
  private readonly has: Record<Trait, Uint8Array>;
  private readonly shellLists: ReadonlySet<string>;

  constructor(macros: ReadonlyMap<string, readonly string[]>, lists: ReadonlyMap<string, readonly string[]>) {
    this.shellLists = listsHoldingShells(lists);
    [...macros.keys()].forEach((name, i) => this.macroIndex.set(name, i));
    const nodes = macros.size * 2;
    const edges: number[][] = Array.from({ length: nodes }, () => []);
    const direct: Record<Trait, number[]> = { spawn: [], shell: [], lineage: [] };
    [...macros.values()].forEach((definitions, i) => {
      const facts = readCondition(definitions.join(' '));
      for (const negated of [false, true]) {
        const node = 2 * i + (negated ? 1 : 0);
        const local = this.localTraits(facts, negated, edges[node]!);
        for (const trait of TRAITS) if (local[trait]) direct[trait].push(node);
      }
    });
    const [spawn, shell, lineage] = reachingAny(nodes, edges, direct.spawn, direct.shell, direct.lineage);
    this.has = { spawn: spawn!, shell: shell!, lineage: lineage! };
  }

  traitsOfCondition(condition: string): Traits {
    const targets: number[] = [];
    const traits = this.localTraits(readCondition(condition), false, targets);
    for (const node of targets) for (const trait of TRAITS) if (this.has[trait][node]) traits[trait] = true;
    return traits;
  }

  /** The traits a condition has by itself; the macro nodes it expands to are added to `targets`. */
  private localTraits(facts: ConditionFacts, negated: boolean, targets: number[]): Traits {
    const traits: Traits = { spawn: false, shell: false, lineage: false };
    for (const test of facts.tests) {
      if (LINEAGE_FIELD.test(test.field)) traits.lineage = true; // allowed or required parents both scope the rule
      const positive = test.negated === negated && test.operator !== '!=';
      if (!positive) continue;
      if (test.field === 'evt.type' && test.values.some((value) => EXEC_EVENTS.has(value))) traits.spawn = true;
      if (PROCESS_FIELDS.has(test.field) && test.values.some((value) => isShell(value) || this.shellLists.has(value))) traits.shell = true;
    }
    for (const reference of facts.macros) {
      const polarity = reference.negated !== negated;
      const index = this.macroIndex.get(reference.name);
      if (index !== undefined) {
        targets.push(2 * index + (polarity ? 1 : 0));
        continue;
      }
      if (UPSTREAM_LINEAGE_MACROS.has(reference.name)) traits.lineage = true;
      if (!polarity && reference.name === 'spawned_process') traits.spawn = true;
      if (!polarity && reference.name === 'shell_procs') traits.shell = true;
    }
    return traits;
  }
}

/**
 * Names of lists that hold a shell, directly or through lists they include (the repository's
 * lists, or the default shell_binaries when the repository does not define it). One walk over the
 * reversed list graph, so nested and looping lists cost their size.
 */
function listsHoldingShells(lists: ReadonlyMap<string, readonly string[]>): Set<string> {
  const names = [...lists.keys()];
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const edges: number[][] = [];
  const direct: number[] = [];
  names.forEach((name, i) => {
    const out: number[] = [];
    let shell = false;
    for (const value of lists.get(name)!) {
      const inner = indexOf.get(value);
      if (inner !== undefined) out.push(inner);
      else if (isShell(value) || value === 'shell_binaries') shell = true;
    }
    edges.push(out);
    if (shell) direct.push(i);
  });
  const [reached] = reachingAny(names.length, edges, direct);
  const holding = new Set(names.filter((_, i) => reached![i]));
  if (!lists.has('shell_binaries')) holding.add('shell_binaries');
  return holding;
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
