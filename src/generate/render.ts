// The handlebars environment: strict (a missing value is an error, not an empty string), no HTML
// escaping (none of the outputs is HTML), and a few helpers that put a value safely into its
// context. Values are already restricted by the profile schema; the helpers are the second wall.
import Handlebars from 'handlebars';
import { stringify } from 'yaml';
import { readTemplate } from './templates.js';

const env = Handlebars.create();

/** A YAML scalar: plain when that reads the same, quoted when YAML would read it as something else. */
export function yamlScalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new TypeError(`yaml helper needs a string, number or boolean, got ${typeof value}`);
  if (/[\n\r]/.test(value)) throw new TypeError('yaml helper cannot put a line break into an inline scalar');
  // version 1.1 also quotes yes/no/on/off, which YAML 1.1 readers (and some CI systems) take as booleans.
  return stringify(value, { version: '1.1', lineWidth: 0 }).trimEnd();
}

env.registerHelper('yaml', (value: unknown) => yamlScalar(value));
/** A JSON string: Dockerfile exec-form arguments, Falco string literals, JSON files. */
env.registerHelper('json', (value: unknown) => JSON.stringify(value));
/** A multi-line value as a YAML block: `key: |` on the template line, then this with `indent` spaces. */
env.registerHelper('indent', (value: unknown, spaces: unknown) => {
  if (typeof value !== 'string' || typeof spaces !== 'number') throw new TypeError('indent helper needs (string, number)');
  const pad = ' '.repeat(spaces);
  return value
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
});
/** Equality, for the rare template choice that is not a boolean in the view. */
env.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders templates/<name> with the view; throws when the template reads a value that is not there. */
export function render(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = env.compile(readTemplate(name), { strict: true, noEscape: true });
    compiled.set(name, template);
  }
  return template(view);
}
