// The generated Falco rules: valid against the strict schema for every profile, scoped to the app's
// image, built only from fields and macros Falco really has (falco itself cannot run here), and
// carrying the profile's shell parents and egress ports. Also the strict schema's own behaviour.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateFalcoRules } from '../../src/falco/schema.js';
import { render } from '../../src/generate/render.js';
import { buildView } from '../../src/generate/view.js';
import type { ProfileInput } from '../../src/profile/resolve.js';
import type { Profile } from '../../src/profile/schema.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

/**
 * Macros and lists of Falco's default ruleset that the generated file may use, checked against
 * falcosecurity/rules rules/falco_rules.yaml (required_engine_version 0.57.0, container plugin 0.4.0).
 */
const UPSTREAM_MACROS = new Set(['spawned_process', 'container', 'open_read', 'open_file_failed', 'shell_procs']);
const UPSTREAM_LISTS = new Set(['shell_binaries']);

/**
 * Fields the conditions and outputs may use: syscall fields that the default ruleset itself uses,
 * and the container plugin's container.* and k8s.* fields (falcosecurity/plugins plugins/container).
 */
const KNOWN_FIELDS = new Set([
  'evt.type',
  'evt.is_open_write',
  'evt.res',
  'fd.typechar',
  'fd.name',
  'fd.directory',
  'fd.sip',
  'fd.snet',
  'fd.sport',
  'proc.name',
  'proc.pname',
  'proc.cmdline',
  'user.uid',
  'container.id',
  'container.image.repository',
  'container.privileged',
  'k8s.ns.name',
  'k8s.pod.name',
]);

const LIST_OPERATORS = new Set(['in', 'intersects', 'pmatch']);
const VALUE_OPERATORS = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'regex']);

type Item = Record<string, unknown>;

interface Ruleset {
  readonly items: Item[];
  readonly rules: Item[];
  readonly macros: Map<string, string>;
  readonly lists: Map<string, unknown[]>;
}

function rulesFor(profile: Profile): { text: string; ruleset: Ruleset } {
  const text = render('falco/rules.yaml.hbs', buildView(profile));
  const items = parse(text) as Item[];
  return {
    text,
    ruleset: {
      items,
      rules: items.filter((item) => 'rule' in item),
      macros: new Map(items.filter((item) => 'macro' in item).map((item) => [item.macro as string, item.condition as string])),
      lists: new Map(items.filter((item) => 'list' in item).map((item) => [item.list as string, item.items as unknown[]])),
    },
  };
}

/** What a condition refers to: macros (bare words), lists (named inside list operators), fields. */
function references(condition: string) {
  const tokens = condition.match(/"[^"]*"|'[^']*'|[(),]|!=|==|<=|>=|=|<|>|[^\s(),=<>!"']+/g) ?? [];
  const found = { macros: new Set<string>(), lists: new Set<string>(), fields: new Set<string>() };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (['(', ')', ',', 'and', 'or', 'not'].includes(token)) continue;
    if (/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(token)) {
      found.fields.add(token);
      const operator = tokens[++i]!;
      if (operator === 'exists') continue;
      if (LIST_OPERATORS.has(operator)) {
        expect(tokens[++i], `${operator} takes a parenthesised list in: ${condition}`).toBe('(');
        for (i++; tokens[i] !== ')'; i++) {
          // Bare snake_case names inside a list are list references; other items are literals.
          if (/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$/.test(tokens[i]!)) found.lists.add(tokens[i]!);
        }
        continue;
      }
      expect(VALUE_OPERATORS.has(operator), `unknown operator ${operator} after ${token}`).toBe(true);
      i++;
      continue;
    }
    expect(token, `unexpected token in: ${condition}`).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    found.macros.add(token);
  }
  return found;
}

/** The condition with every macro of the file replaced by its own (expanded) condition. */
function expand(condition: string, macros: ReadonlyMap<string, string>, depth = 0): string {
  expect(depth, 'macros nest too deep (a cycle?)').toBeLessThan(10);
  return condition.replace(/[A-Za-z_][A-Za-z0-9_.]*/g, (word) => {
    const body = macros.get(word);
    return body === undefined ? word : `(${expand(body, macros, depth + 1)})`;
  });
}

const WITH_FALCO = Object.entries(PROFILES).filter(([, profile]) => profile.falco.enabled);

describe('generated Falco rules', () => {
  it('covers profiles with Falco on, and none render without it', () => {
    expect(WITH_FALCO.length).toBeGreaterThan(5);
    expect(Object.values(PROFILES).some((profile) => !profile.falco.enabled)).toBe(true);
  });

  describe.each(WITH_FALCO)('%s', (_case, profile) => {
    const { text, ruleset } = rulesFor(profile);
    const view = buildView(profile);

    it('parses and passes the strict schema', () => {
      expect(Array.isArray(ruleset.items)).toBe(true);
      expect(validateFalcoRules(ruleset.items)).toEqual([]);
      expect(text).not.toContain('{{');
    });

    it('requires the engine of the current default ruleset and the container plugin >= 0.4.0', () => {
      expect(ruleset.items).toContainEqual({ required_engine_version: '0.57.0' });
      const plugins = ruleset.items.find((item) => 'required_plugin_versions' in item)?.required_plugin_versions as { name: string; version: string }[];
      const container = plugins.find((plugin) => plugin.name === 'container');
      const [major, minor] = container!.version.split('.').map(Number);
      expect(major! > 0 || minor! >= 4).toBe(true);
    });

    // Falco 0.42 dropped syscall enter events: connect() is one event, and evt.dir only earns a deprecation warning.
    it('says it needs Falco 0.42 and uses no evt.dir, so a connect alerts once', () => {
      expect(text).toContain('Needs Falco 0.42 or later');
      expect(text).not.toMatch(/evt\.dir\s*=/);
    });

    it('has the six rules, each scoped to the app image', () => {
      expect(ruleset.rules).toHaveLength(6);
      const scope = `container.image.repository = ${JSON.stringify(profile.image)}`;
      for (const rule of ruleset.rules) {
        expect(expand(rule.condition as string, ruleset.macros), rule.rule as string).toContain(scope);
      }
    });

    it('refers only to macros and lists defined in the file or in the default ruleset', () => {
      const conditions = [...ruleset.rules.map((rule) => rule.condition as string), ...ruleset.macros.values()];
      for (const condition of conditions) {
        const { macros, lists } = references(condition);
        for (const macro of macros) expect(ruleset.macros.has(macro) || UPSTREAM_MACROS.has(macro), `macro ${macro}`).toBe(true);
        for (const list of lists) expect(ruleset.lists.has(list) || UPSTREAM_LISTS.has(list), `list ${list}`).toBe(true);
      }
    });

    it('uses only known fields, in conditions and outputs', () => {
      const fields = new Set<string>();
      for (const condition of [...ruleset.rules.map((rule) => rule.condition as string), ...ruleset.macros.values()]) {
        for (const field of references(condition).fields) fields.add(field);
      }
      for (const rule of ruleset.rules) {
        for (const [, field] of (rule.output as string).matchAll(/%([a-z0-9_.]+)/g)) fields.add(field!);
      }
      expect([...fields].filter((field) => !KNOWN_FIELDS.has(field))).toEqual([]);
    });

    it('names its lists and macros with the app prefix, as identifiers', () => {
      const prefix = view.falcoRuleset.prefix;
      expect(prefix).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      for (const name of [...ruleset.macros.keys(), ...ruleset.lists.keys()]) expect(name.startsWith(`${prefix}_`), name).toBe(true);
    });

    it('outputs where and what: namespace, pod, image and command line', () => {
      for (const rule of ruleset.rules) {
        for (const field of ['%k8s.ns.name', '%k8s.pod.name', '%container.image.repository', '%proc.cmdline']) {
          expect(rule.output as string, `${String(rule.rule)} output`).toContain(field);
        }
        const tags = rule.tags as string[];
        expect(tags).toContain('container');
        expect(tags.some((tag) => tag.startsWith('mitre_'))).toBe(true);
      }
    });

    it('allows exactly the configured shell parents', () => {
      const list = `${view.falcoRuleset.prefix}_allowed_shell_parents`;
      expect(ruleset.lists.get(list)).toEqual(profile.falco.allowedShellParents);
      const shellRule = ruleset.rules.find((rule) => references(rule.condition as string).macros.has('shell_procs'));
      expect(shellRule?.condition).toContain(`not proc.pname in (${list})`);
    });

    it('allows outbound connections to DNS and the egress ports only', () => {
      const ports = ruleset.lists.get(`${view.falcoRuleset.prefix}_allowed_outbound_ports`);
      expect(ports).toEqual([...new Set([53, ...profile.egress.map((rule) => rule.port)])].sort((a, b) => a - b));
    });
  });

  it('keeps apps of the same name in different namespaces apart', () => {
    const input: ProfileInput = { name: 'api', image: 'ghcr.io/acme/api', language: 'go' };
    const a = rulesFor(profileFrom({ ...input, namespace: 'team-a' })).ruleset;
    const b = rulesFor(profileFrom({ ...input, namespace: 'team-b', image: 'ghcr.io/other/api' })).ruleset;
    const names = (ruleset: Ruleset) => [...ruleset.macros.keys(), ...ruleset.lists.keys(), ...ruleset.rules.map((rule) => rule.rule as string)];
    const shared = names(a).filter((name) => names(b).includes(name));
    expect(shared).toEqual([]);
    expect(a.macros.has('team_a_api_container')).toBe(true);
  });

  it('exempts writable paths below system directories from the write rule, and only those', () => {
    const ruleset = rulesFor(profileFrom({ name: 'web', image: 'ghcr.io/acme/web', writablePaths: ['/tmp', '/etc/web/cache', '/usrdata'] })).ruleset;
    expect(ruleset.lists.get('web_writable_system_paths')).toEqual(['/etc/web/cache']);
    const writeRule = ruleset.rules.find((rule) => references(rule.condition as string).lists.has('web_system_directories'));
    expect(writeRule?.condition).toContain('not fd.name pmatch (web_writable_system_paths)');

    const plain = rulesFor(profileFrom({ name: 'web', image: 'ghcr.io/acme/web', writablePaths: ['/tmp'] })).ruleset;
    expect(plain.lists.has('web_writable_system_paths')).toBe(false);
  });

  it('quotes shell parents that YAML would read as something else', () => {
    const ruleset = rulesFor(profileFrom({ name: 'web', image: 'ghcr.io/acme/web', falco: { enabled: true, allowedShellParents: ['123', 'yes', 'tini'] } })).ruleset;
    expect(ruleset.lists.get('web_allowed_shell_parents')).toEqual(['123', 'yes', 'tini']);
  });
});

describe('validateFalcoRules', () => {
  const rule = { rule: 'Shell in app', desc: 'a shell', condition: 'spawned_process and shell_procs', output: 'shell %proc.cmdline', priority: 'WARNING' };

  it('accepts a complete rule, and items that change an existing rule', () => {
    expect(validateFalcoRules([rule])).toEqual([]);
    expect(validateFalcoRules([{ rule: 'Terminal shell in container', enabled: false }])).toEqual([]);
    expect(validateFalcoRules([{ rule: 'Terminal shell in container', condition: 'and not proc.pname = tini', override: { condition: 'append' } }])).toEqual([]);
    expect(validateFalcoRules([{ list: 'app_allowed', items: [], override: { items: 'append' } }, { macro: 'app_ok', condition: 'never_true' }])).toEqual([]);
  });

  it('rejects a misspelt key and suggests the right one', () => {
    const { priority, ...rest } = rule;
    expect(validateFalcoRules([{ ...rest, priorty: priority }])).toContainEqual({ path: '/0/priorty', message: 'unknown key "priorty" (did you mean "priority"?)' });
  });

  it('rejects an unknown priority', () => {
    const problems = validateFalcoRules([{ ...rule, priority: 'WARN' }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('/0/priority');
    expect(problems[0]!.message).toMatch(/^priority "WARN" is not one of EMERGENCY, .*WARNING/);
  });

  it('rejects a new rule without a condition', () => {
    const { condition: _, ...rest } = rule;
    expect(validateFalcoRules([rest])).toEqual([{ path: '/0', message: 'rule "Shell in app" needs condition' }]);
  });

  it('rejects a file that is not a list', () => {
    for (const data of [rule, null, 'rule: x']) {
      expect(validateFalcoRules(data)).toEqual([{ path: '', message: 'a Falco rules file is a YAML list of items (- rule:, - macro:, - list:, ...)' }]);
    }
  });

  it('rejects items of no known kind, bad names, and overrides Falco cannot apply', () => {
    expect(validateFalcoRules([{ rulle: 'x' }])[0]!.message).toContain('(did you mean "rule"?)');
    expect(validateFalcoRules([{ macro: 'app-container', condition: 'container' }])[0]!.message).toMatch(/must be an identifier/);
    expect(validateFalcoRules([{ list: 'app_parents' }])).toEqual([{ path: '/0', message: 'list "app_parents" needs items' }]);
    expect(validateFalcoRules([{ rule: 'x', priority: 'ERROR', override: { priority: 'append' } }])).toEqual([
      { path: '/0/override/priority', message: 'override.priority can only be replace, not "append"' },
    ]);
    expect(validateFalcoRules([{ rule: 'x', override: { condition: 'append' } }])).toEqual([{ path: '/0', message: 'rule "x" needs condition' }]);
    expect(validateFalcoRules([{ required_plugin_versions: [{ name: 'container', version: '0.4' }] }])[0]!.path).toBe('/0/required_plugin_versions/0/version');
  });
});
