// Entry point: argv -> command. Kept tiny and free of heavy imports so `--version` and `--help`
// answer at once; each command's module is loaded only when it runs.
import pkg from '../package.json' with { type: 'json' };
import { ignoreClosedOutput } from './cli/closed-output.js';
import { EXIT, reportFailure } from './cli/errors.js';
import { AUDIT_HELP, DOCTOR_HELP, EXPLAIN_HELP, GENERATE_HELP, RULES_HELP } from './cli/help.js';

export async function main(argv: readonly string[]): Promise<void> {
  ignoreClosedOutput();
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
  if (first === 'help') {
    process.stdout.write(HELP.get(argv[1] ?? '') ?? GENERATE_HELP);
    return EXIT.ok;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP.get(first ?? '') ?? GENERATE_HELP);
    return EXIT.ok;
  }
  const command = COMMANDS.get(first ?? '');
  if (command) return command(argv.slice(1));
  return (await import('./commands/generate.js')).generateCommand(argv);
}

type Command = (argv: readonly string[]) => Promise<number>;

/** Each command's module is imported only when it runs. */
const COMMANDS = new Map<string, Command>([
  ['generate', async (argv) => (await import('./commands/generate.js')).generateCommand(argv)],
  ['audit', async (argv) => (await import('./commands/audit.js')).auditCommand(argv)],
  ['rules', async (argv) => (await import('./commands/rules.js')).rulesCommand(argv)],
  ['explain', async (argv) => (await import('./commands/explain.js')).explainCommand(argv)],
  ['doctor', async (argv) => (await import('./commands/doctor.js')).doctorCommand(argv)],
]);

const HELP = new Map([
  ['generate', GENERATE_HELP],
  ['audit', AUDIT_HELP],
  ['rules', RULES_HELP],
  ['explain', EXPLAIN_HELP],
  ['doctor', DOCTOR_HELP],
]);

export const VERSION = pkg.version;
