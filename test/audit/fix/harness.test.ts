import { describe, expect, it } from 'vitest';
import { addInsteadOfCopy } from '../../../src/audit/rules/dockerfile/add-instead-of-copy.js';
import { maintainer } from '../../../src/audit/rules/dockerfile/maintainer.js';
import { expectCleanFix, fixedText } from '../../helpers/fix-harness.js';

// The harness every fix test relies on, checked on fixes that exist since the first audit.
describe('fix harness', () => {
  const files = {
    Dockerfile: '# build\nFROM node:22.11.0-bookworm-slim\nADD package.json /app/\nADD src /app/src\n# keep\nUSER 10001\nCMD ["node", "/app/src/server.js"]\n',
  };

  it('checks each fix of a rule and all of them together', () => {
    expect(expectCleanFix(addInsteadOfCopy, files)).toBe(2);
    expect(fixedText(files, addInsteadOfCopy).Dockerfile).toBe(files.Dockerfile.replaceAll('ADD ', 'COPY '));
  });

  it('refuses a rule that offers no fix on the files', () => {
    expect(() => expectCleanFix(maintainer, files)).toThrow(/offers no fix/);
  });
});
