// Entry point: argv -> command. Kept tiny and free of heavy imports so `--version` and `--help`
// answer at once; each command's module is loaded only when it runs.
import pkg from '../package.json' with { type: 'json' };
import { EXIT, UsageError, reportFailure } from './cli/errors.js';
import { GENERATE_HELP } from './cli/help.js';

export async function main(argv: readonly string[]): Promise<void> {
  try {
    process.exitCode = await run(argv);
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}

async function run(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  if (first === 'help' || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(GENERATE_HELP);
    return EXIT.ok;
  }
  if (first === 'generate') return (await import('./commands/generate.js')).generateCommand(argv.slice(1));
  if (first !== undefined && /^[a-z][a-z-]*$/.test(first) && KNOWN_LATER.has(first)) {
    throw new UsageError(`the ${first} command is not available in this version`);
  }
  return (await import('./commands/generate.js')).generateCommand(argv);
}

/** Words that will be commands; refuse them instead of generating into a folder of that name. */
const KNOWN_LATER = new Set(['audit', 'doctor', 'rules', 'explain']);

export const VERSION = pkg.version;
