import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';
import { lastLineStart } from '../../../util/last-line.js';

const REMOTE_START = /^(?:https?|ftp):\/\/|^git@|^git:\/\//i;

/**
 * A URL or a Git repository: http(s)/ftp/git URLs, git@ addresses, and sources ending in .git or
 * .git#ref. Only the last line can hold that end, as `.` stops at a line terminator; as one regular
 * expression, \.git(#.*)?$ was quadratic on a word of many .git# before a line break.
 */
function isRemote(source: string): boolean {
  return REMOTE_START.test(source) || /\.git(?:#|$)/i.test(source.slice(lastLineStart(source)));
}
/** Local files ADD extracts: tar archives, plain or compressed (gzip, bzip2, xz, zstd). */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst)|gz|bz2|xz)$/i;
/** Flags only ADD understands: the instruction can't simply become COPY. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export const addInsteadOfCopy = defineRule({
  id: 'dockerfile/add-instead-of-copy',
  area: 'dockerfile',
  severity: 'low',
  title: 'ADD used where COPY suffices, or to download unverified content',
  why: 'ADD does more than copy: it fetches URLs and unpacks archives. For plain files that magic only surprises; for URLs it puts unverified remote content in the image.',
  detect:
    'ADD whose sources are all local and not tar archives (COPY does the same, predictably), and ADD of an http(s)/ftp/git ' +
    'source without `--checksum` (the download is not verified; reported as medium). Local tar archives, which ADD ' +
    'deliberately unpacks, are not reported.',
  fix: 'Use COPY for local files. For downloads, add `--checksum=sha256:<hash>` (or fetch with curl and verify with sha256sum in a RUN).',
  refs: ['hadolint:DL3020', 'trivy:DS-0005'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'ADD') continue;
          const args = model.argumentsOf(step);
          const sources = args.words.slice(0, -1);
          if (sources.length === 0 || sources.some((s) => s.value.startsWith('<<'))) continue;
          const remote = sources.filter((s) => isRemote(s.value));
          if (remote.length > 0) {
            if (args.flags.some((f) => f.name === 'checksum')) continue;
            report({
              location: model.locate(step.span),
              message: `ADD downloads ${remote.map((s) => s.value).join(', ')} without --checksum, so its content is not verified.`,
              severity: 'medium',
              refs: [],
              noFix: 'the checksum must come from the publisher (a release page or SHA256SUMS file); the audit never downloads anything to compute one',
            });
            continue;
          }
          if (sources.some((s) => ARCHIVE.test(unquoted(s.value)))) continue;
          const convertible = !args.flags.some((f) => ADD_ONLY_FLAGS.has(f.name));
          const keyword = model.text.slice(step.keywordSpan.start, step.keywordSpan.end);
          report({
            location: model.locate(step.keywordSpan),
            message: `ADD of local ${sources.length === 1 ? 'file' : 'files'} ${sources.map((s) => s.value).join(', ')}: use COPY, which only copies.`,
            ...(!convertible && { noFix: `ADD-only flags (${args.flags.filter((f) => ADD_ONLY_FLAGS.has(f.name)).map((f) => `--${f.name}`).join(', ')}) have no COPY equivalent` }),
            ...(convertible && {
              fix: {
                description: 'Replace ADD with COPY',
                edits: [{ file: model.source.file.path, start: step.keywordSpan.start, end: step.keywordSpan.end, text: keyword === keyword.toLowerCase() ? 'copy' : 'COPY' }],
              },
            }),
          });
        }
      }
    }
  },
});

/** A source as Docker reads it: JSON-form and quoted arguments lose their quotes. */
function unquoted(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}
