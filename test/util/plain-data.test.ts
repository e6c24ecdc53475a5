import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_DATA_DEPTH, describeDataProblem, findDataProblem, formatDataPath } from '../../src/util/plain-data.js';

describe('findDataProblem', () => {
  it('finds __proto__ as JSON.parse and yaml create it (an own property)', () => {
    expect(findDataProblem(JSON.parse('{"a": [{"__proto__": {"polluted": 1}}]}'))).toEqual({ kind: 'forbidden-key', path: ['a', 0, '__proto__'] });
    expect(findDataProblem(parseDocument('profile:\n  __proto__:\n    polluted: 1\n').toJS())).toEqual({ kind: 'forbidden-key', path: ['profile', '__proto__'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds constructor and prototype keys too', () => {
    expect(findDataProblem({ ci: { constructor: { prototype: 1 } } })?.path).toEqual(['ci', 'constructor']);
    expect(findDataProblem({ prototype: 1 })?.path).toEqual(['prototype']);
  });

  it('accepts plain data, dates and scalars', () => {
    expect(findDataProblem({ name: 'web', until: new Date(0), list: [1, 'two', null] })).toBeUndefined();
    expect(findDataProblem('text')).toBeUndefined();
    expect(findDataProblem(null)).toBeUndefined();
  });

  it('refuses nesting deeper than any profile, without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(findDataProblem(deep)).toMatchObject({ kind: 'too-deep' });
    expect(findDataProblem(JSON.parse(`${'['.repeat(MAX_DATA_DEPTH)}${']'.repeat(MAX_DATA_DEPTH)}`))).toBeUndefined();
  });

  it('visits a node shared by many aliases once', () => {
    const shared = { a: Array.from({ length: 1000 }, (_, i) => i) };
    const data = { list: Array.from({ length: 10_000 }, () => shared) };
    const started = Date.now();
    expect(findDataProblem(data)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('describing a problem', () => {
  it('names the key path and the key', () => {
    expect(describeDataProblem({ kind: 'forbidden-key', path: ['profile', '__proto__'] })).toMatch(/^profile\.__proto__: the key "__proto__" is not allowed/);
  });

  it('describes a key that is not a short name instead of printing it', () => {
    const key = 'root:$6$hash:20228:0:99999:7:::';
    expect(formatDataPath(['audit', key, 0, 'rule'])).toBe(`audit.<a ${key.length}-character key>[0].rule`);
  });
});
