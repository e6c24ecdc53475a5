import { defineRule } from '../../types.js';
import { toolchainOf } from './_images.js';
import { type PackageCommand, isInstall, packageCommands, packageName, subcommandIs } from './_packages.js';
import type { Word } from './_shell.js';
import { baseImageOf, dockerfileModels } from './_support.js';

/** Compilers and build systems, by package name, across apt, apk and rpm. */
const BUILD_PACKAGES = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'gcc-c++', 'cc', 'clang', 'make', 'cmake', 'autoconf', 'automake', 'libtool',
  'cpp', 'musl-gcc', 'golang', 'golang-go', 'go', 'rustc', 'cargo', 'maven', 'gradle', 'default-jdk', 'openjdk-jdk',
  '@development-tools', 'development tools',
]);
const isBuildPackage = (name: string) => BUILD_PACKAGES.has(name.toLowerCase()) || /^(gcc|g\+\+|clang|cpp)-\d+$/.test(name) || /^openjdk-\d+-jdk(-headless)?$/.test(name);

const removes = (command: PackageCommand) =>
  command.manager === 'apk'
    ? subcommandIs(command, 'del')
    : subcommandIs(command, 'remove', 'purge', 'erase', 'rm', 'groupremove');

export const buildToolsInFinalImage = defineRule({
  id: 'dockerfile/build-tools-in-final-image',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Final image carries a build toolchain',
  why: 'Compilers, SDKs and build tools are not needed at run time but give an attacker who gets in everything needed to build and run new tools, and add hundreds of packages (and CVEs) to the image.',
  detect:
    'The final stage (or the stage it is built FROM) starts from a toolchain image: golang, rust, gcc, buildpack-deps, maven, ' +
    'gradle, a JDK (openjdk, eclipse-temurin/sapmachine *jdk*, amazoncorretto), mcr.microsoft.com/dotnet/sdk, Chainguard ' +
    'go/rust/gcc-glibc/maven/gradle/jdk, or a default (not slim or alpine) node, python, ruby or perl tag, which are built ' +
    'on buildpack-deps with gcc and make; or it installs build-essential, build-base, gcc, g++, clang, make, cmake, a JDK... ' +
    'and does not remove them later in the final image (apk del of the package or of its --virtual group counts).',
  fix: 'Build in a separate stage and COPY only the artifact into a runtime image: distroless, a -slim or -jre image, or a Chainguard runtime image.',
  refs: [],
  noFix: 'Moving the build into its own stage and choosing a runtime image is a restructuring of the Dockerfile that depends on what the app needs at run time.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const final = model.final;
      if (!final) continue;
      const base = baseImageOf(final);
      const toolchain = base && toolchainOf(base);
      if (toolchain) {
        const root = model.finalChain.at(-1)!;
        report({ location: model.locate(root.imageSpan), message: `The final image is built on ${base.reference}: ${toolchain}.` });
      }
      const chainRuns = [...model.finalChain].reverse().flatMap((stage) => stage.runs);
      const commands = chainRuns.flatMap((run) => packageCommands(run));
      // Walked from the last command back, collecting what later commands remove: each install
      // then asks a set, not every command after it (a Dockerfile may hold 40,000 installs).
      const removedLater = new Set<string>();
      const removedOperands = new Set<string>();
      const found: { command: PackageCommand; tools: Word[] }[] = [];
      for (const command of [...commands].reverse()) {
        if (removes(command)) {
          for (const o of command.operands) {
            removedLater.add(packageName(command, o));
            removedOperands.add(o.value);
          }
          continue;
        }
        if (!isInstall(command)) continue;
        const virtual = command.manager === 'apk' ? virtualName(command) : undefined;
        const removed = (name: string) => removedLater.has(name) || (virtual !== undefined && removedOperands.has(virtual));
        const tools = command.operands.filter((o) => isBuildPackage(packageName(command, o)) && !removed(packageName(command, o)));
        const groupInstall = subcommandIs(command, 'groupinstall') && command.operands.some((o) => /development/i.test(o.value));
        const first = tools[0] ?? (groupInstall ? command.operands[0] : undefined);
        if (first) found.push({ command, tools: tools.length > 0 ? tools : [first] });
      }
      for (const { tools } of found.reverse()) {
        report({
          location: model.locate({ start: tools[0]!.start, end: tools.at(-1)!.end }),
          message: `The final image installs build tools (${tools.map((t) => t.value).join(', ')}) and never removes them.`,
        });
      }
    }
  },
});

function virtualName(command: PackageCommand): string | undefined {
  const options = command.options;
  const k = options.findIndex((o) => o.value === '-t' || o.value === '--virtual');
  if (k >= 0) return options[k + 1]?.value;
  return options.find((o) => o.value.startsWith('--virtual='))?.value.slice('--virtual='.length);
}
