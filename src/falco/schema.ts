// A strict JSON schema for Falco rules files, and a validator that reports each problem with its
// JSON pointer and a message a person can act on. The generator's tests check its output with it;
// the audit can check the Falco files it finds in a repository the same way.
//
// The shape follows Falco's own schema (falcosecurity/falco, userspace/engine/rule_json_schema.h:
// draft-06, additionalProperties false, the priority and override enums), which is deliberately
// loose (nothing is required). This one is what Falco's loader actually insists on, plus what it only
// warns about:
// - every item is exactly one of rule, macro, list, required_engine_version, required_plugin_versions;
// - a new rule needs desc, condition, output and priority; a rule that only sets `enabled`, or that
//   appends to or overrides an existing rule, needs only what it changes;
// - a list needs items, a macro needs a condition; their names must be identifiers (Falco warns
//   otherwise, and a condition cannot refer to them reliably);
// - override only names fields the item also sets, and only appends where Falco can append;
// - unknown keys are errors, so a typo such as `priorty:` is caught instead of silently ignored.
import { Ajv, type ErrorObject } from 'ajv';
import { editDistance } from '../util/edit-distance.js';

export interface FalcoRulesProblem {
  /** JSON pointer to the offending value: "/3/priorty", or "" for the whole file. */
  readonly path: string;
  readonly message: string;
}

export const FALCO_PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'INFORMATIONAL', 'DEBUG'] as const;

const ITEM_KINDS = ['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions'] as const;

/** Fields an override may append to; every other overridable field can only be replaced. */
const APPENDABLE_RULE_FIELDS = ['desc', 'condition', 'output', 'tags', 'exceptions'] as const;
const REPLACEABLE_RULE_FIELDS = [
  'priority',
  'enabled',
  'capture',
  'capture_duration',
  'capture_events',
  'capture_filesize',
  'warn_evttypes',
  'skip-if-unknown-filter',
] as const;

const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]*$';
const VERSION = '^[0-9]+\\.[0-9]+\\.[0-9]+$';

const text = { type: 'string', minLength: 1 } as const;
const appendOrReplace = { enum: ['append', 'replace'] } as const;
const replace = { enum: ['replace'] } as const;

/** For each overridden field, the item must carry the new value (or the values to append). */
function overriddenFieldsPresent(fields: readonly string[]) {
  return fields.map((field) => ({
    if: { required: ['override'], properties: { override: { type: 'object', required: [field] } } },
    then: { required: [field] },
  }));
}

const ruleFields = {
  rule: text,
  desc: text,
  condition: text,
  output: text,
  priority: { enum: FALCO_PRIORITIES },
  enabled: { type: 'boolean' },
  tags: { type: 'array', items: text, uniqueItems: true },
  source: text,
  exceptions: { type: 'array', items: { $ref: '#/definitions/exception' } },
  capture: { type: 'boolean' },
  capture_duration: { type: 'integer', minimum: 0 },
  capture_events: { type: 'integer', minimum: 0 },
  capture_filesize: { type: 'integer', minimum: 0 },
  warn_evttypes: { type: 'boolean' },
  'skip-if-unknown-filter': { type: 'boolean' },
  append: { type: 'boolean' },
  override: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      ...Object.fromEntries(APPENDABLE_RULE_FIELDS.map((field) => [field, appendOrReplace])),
      ...Object.fromEntries(REPLACEABLE_RULE_FIELDS.map((field) => [field, replace])),
    },
  },
} as const;

export const FALCO_RULES_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Falco rules file (strict)',
  type: 'array',
  items: { $ref: '#/definitions/item' },
  definitions: {
    // Dispatch on the key that says what the item is; an item with none of them is rejected by the
    // final `not: {}` (reported as "item has none of the keys ..." by describe()).
    item: {
      type: 'object',
      if: { required: ['rule'] },
      then: { $ref: '#/definitions/rule' },
      else: {
        if: { required: ['macro'] },
        then: { $ref: '#/definitions/macro' },
        else: {
          if: { required: ['list'] },
          then: { $ref: '#/definitions/list' },
          else: {
            if: { required: ['required_engine_version'] },
            then: { $ref: '#/definitions/requiredEngineVersion' },
            else: {
              if: { required: ['required_plugin_versions'] },
              then: { $ref: '#/definitions/requiredPluginVersions' },
              else: { not: {} },
            },
          },
        },
      },
    },
    rule: {
      type: 'object',
      additionalProperties: false,
      properties: ruleFields,
      required: ['rule'],
      not: { type: 'object', required: ['append', 'override'] },
      if: {
        anyOf: [
          { required: ['override'] },
          { required: ['append'] },
          // Enabling or disabling an existing rule: `- rule: Name` plus `enabled:` and nothing else.
          { required: ['enabled'], maxProperties: 2 },
        ],
      },
      then: { allOf: overriddenFieldsPresent([...APPENDABLE_RULE_FIELDS, ...REPLACEABLE_RULE_FIELDS]) },
      else: { required: ['desc', 'condition', 'output', 'priority'] },
    },
    macro: {
      type: 'object',
      additionalProperties: false,
      properties: {
        macro: { type: 'string', pattern: IDENTIFIER },
        condition: text,
        append: { type: 'boolean' },
        override: { type: 'object', additionalProperties: false, minProperties: 1, properties: { condition: appendOrReplace } },
      },
      required: ['macro', 'condition'],
      not: { type: 'object', required: ['append', 'override'] },
    },
    list: {
      type: 'object',
      additionalProperties: false,
      properties: {
        list: { type: 'string', pattern: IDENTIFIER },
        // May be empty: an empty list is the usual hook for users to append their own entries.
        items: { type: 'array', items: { anyOf: [text, { type: 'integer' }] } },
        append: { type: 'boolean' },
        override: { type: 'object', additionalProperties: false, minProperties: 1, properties: { items: appendOrReplace } },
      },
      required: ['list', 'items'],
      not: { type: 'object', required: ['append', 'override'] },
    },
    requiredEngineVersion: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // "0.57.0"; old files give a bare engine number such as 26.
        required_engine_version: { type: ['string', 'integer'], pattern: VERSION, minimum: 0 },
      },
      required: ['required_engine_version'],
    },
    requiredPluginVersions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        required_plugin_versions: { type: 'array', minItems: 1, items: { $ref: '#/definitions/pluginVersion' } },
      },
      required: ['required_plugin_versions'],
    },
    pluginVersion: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: text,
        version: { type: 'string', pattern: VERSION },
        alternatives: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { name: text, version: { type: 'string', pattern: VERSION } },
            required: ['name', 'version'],
          },
        },
      },
      required: ['name', 'version'],
    },
    exception: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: text,
        fields: { anyOf: [text, { type: 'array', items: text, minItems: 1 }] },
        comps: { anyOf: [text, { type: 'array', items: text, minItems: 1 }] },
        values: { type: 'array' },
      },
      required: ['name'],
    },
  },
} as const;

let compiled: ReturnType<Ajv['compile']> | undefined;

function validator() {
  compiled ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true }).compile(FALCO_RULES_SCHEMA);
  return compiled;
}

/** Checks parsed YAML (a Falco rules file) against the strict schema; [] when it is valid. */
export function validateFalcoRules(data: unknown): FalcoRulesProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // An anyOf reports each alternative's failure too; its own message says it all.
  const alternatives = errors.filter((error) => error.keyword === 'anyOf').map((error) => error.schemaPath);
  const problems = errors
    // "must match then/else schema" only repeats the errors found inside that branch.
    .filter((error) => error.keyword !== 'if')
    .filter((error) => !alternatives.some((path) => error.schemaPath.startsWith(`${path}/`)))
    .map((error) => problemFrom(error, data));
  return dedupe(problems);
}

function problemFrom(error: ErrorObject, data: unknown): FalcoRulesProblem {
  const path = error.instancePath;
  const field = lastSegment(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closest(key, known);
      return { path: `${path}/${escapePointer(key)}`, message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` };
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      return { path, message: `${itemLabel(data, path)} needs ${missing}` };
    }
    case 'not':
      return notMessage(error, data, path);
    case 'enum':
      if (parentSegment(path) === 'override') {
        return { path, message: `override.${field} can only be ${(error.params.allowedValues as unknown[]).join(' or ')}, not ${JSON.stringify(error.data)}` };
      }
      return {
        path,
        message:
          field === 'priority'
            ? `priority ${JSON.stringify(error.data)} is not one of ${FALCO_PRIORITIES.join(', ')}`
            : `${field} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}, not ${JSON.stringify(error.data)}`,
      };
    case 'pattern':
      return {
        path,
        message:
          field === 'macro' || field === 'list'
            ? `${field} name ${JSON.stringify(error.data)} must be an identifier: letters, digits and _, not starting with a digit`
            : `${field} ${JSON.stringify(error.data)} must be a version such as 0.4.0`,
      };
    case 'type':
      return {
        path,
        message: path === '' ? 'a Falco rules file is a YAML list of items (- rule:, - macro:, - list:, ...)' : `${subject(field)} must be ${article(String(error.params.type))}`,
      };
    case 'anyOf':
      return {
        path,
        message:
          parentSegment(path) === 'items'
            ? `list item ${JSON.stringify(error.data)} must be a non-empty string or a whole number`
            : `${subject(field)} must be a name or a list of names`,
      };
    case 'minLength':
    case 'minItems':
      return { path, message: `${subject(field)} must not be empty` };
    case 'minProperties':
      return { path, message: `${field} must name at least one field` };
    case 'uniqueItems':
      return { path, message: `${field} lists the same value twice` };
    default:
      return { path, message: `${subject(field)} ${error.message ?? 'is invalid'}` };
  }
}

function notMessage(error: ErrorObject, data: unknown, path: string): FalcoRulesProblem {
  // Either an item of no known kind (the dispatch's `not: {}`), or `append` together with `override`.
  if ((error.schema as object) && Object.keys(error.schema as object).length === 0) {
    const keys = isObject(error.data) ? Object.keys(error.data) : [];
    const hint = keys.map((key) => closest(key, ITEM_KINDS)).find(Boolean);
    return {
      path,
      message: `item has none of the keys ${ITEM_KINDS.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`,
    };
  }
  return { path, message: `${itemLabel(data, path)} uses both append and override; use override only` };
}

/** `rule "Shell in app"` / `macro app_container` / `item 3`, for messages about a whole item. */
function itemLabel(data: unknown, path: string): string {
  const item = resolvePointer(data, path);
  if (isObject(item)) {
    for (const kind of ['rule', 'macro', 'list'] as const) {
      if (typeof item[kind] === 'string') return `${kind} ${JSON.stringify(item[kind])}`;
    }
  }
  return path === '' ? 'the file' : `item ${path}`;
}

function resolvePointer(data: unknown, path: string): unknown {
  let node = data;
  for (const segment of path.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** A known key within two edits of the typo (priorty -> priority, conditon -> condition). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name);
    if (distance <= 2 && distance < (best?.distance ?? Infinity)) best = { name, distance };
  }
  return best?.name;
}

function dedupe(problems: FalcoRulesProblem[]): FalcoRulesProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What a message is about: the key, or "item" for an entry of the top-level list. */
function subject(field: string): string {
  return field === '' || /^[0-9]+$/.test(field) ? 'item' : field;
}

function parentSegment(path: string): string {
  return lastSegment(path.slice(0, path.lastIndexOf('/')));
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function article(type: string): string {
  const name = type.replace(/,/g, ' or ');
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
