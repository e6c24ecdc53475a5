// `create-secure-container doctor`: which optional tools are installed, with versions, and where
// to get the missing ones. Informational: exits 0 whatever is missing.
import { parseArgs } from 'node:util';
import { type Colors, colors } from '../cli/colors.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { type ToolStatus, findTools } from '../tools/tools.js';

export async function doctorCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: { color: { type: 'boolean' } }, allowPositionals: true, allowNegative: true, strict: true });
  if (positionals.length > 0) throw new UsageError(`doctor takes no arguments, got: ${positionals.join(' ')}`);
  const statuses = await findTools();
  process.stdout.write(formatDoctor(statuses, colors(values.color)));
  return EXIT.ok;
}

export function formatDoctor(statuses: readonly ToolStatus[], pc: Colors = colors()): string {
  const versionOf = (status: ToolStatus) => (status.installed ? (status.version ?? 'version unknown') : 'not installed');
  const nameWidth = Math.max(...statuses.map((s) => s.tool.name.length));
  const versionWidth = Math.max(...statuses.map((s) => versionOf(s).length));
  const under = ' '.repeat(nameWidth + versionWidth + 8);
  const lines = statuses.map((status) => {
    const name = status.tool.name.padEnd(nameWidth);
    const version = versionOf(status).padEnd(versionWidth);
    if (!status.installed) return `  ${pc.red('✘')} ${name}  ${pc.dim(version)}  ${status.tool.purpose}\n${under}${pc.dim(status.tool.install)}`;
    const problem = status.problem ? `\n${under}${pc.yellow(status.problem)}` : '';
    return `  ${pc.green('✔')} ${name}  ${version}  ${status.tool.purpose}${problem}`;
  });
  const installed = statuses.filter((s) => s.installed).length;
  return (
    `${pc.bold('Optional tools')} ${pc.dim('(none is required; each adds a check on the generated files)')}\n\n` +
    `${lines.join('\n')}\n\n${installed} of ${statuses.length} installed.\n`
  );
}
