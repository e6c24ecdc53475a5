// A write run in a child process, for the interruption tests (write-interrupt.test.ts), which
// kill it with SIGKILL or SIGINT at random points. It writes COUNT files with content LABEL, with
// --force semantics, reporting each step on stdout and waiting DELAY ms before it so that a
// signal can land anywhere. On SIGINT
// it does what the generator does: interruptWrites(), then exit 130.
// usage: node write-child.mjs <bundled write module> <dir> <label> <count> <delay ms>
import { pathToFileURL } from 'node:url';

const [bundle, dir, label, count, delay] = process.argv.slice(2);
const { compareWithDisk, interruptWrites, writeChanges } = await import(pathToFileURL(bundle).href);

function plannedFiles(label, count) {
  return Array.from({ length: count }, (_, i) => ({
    path: i % 3 === 0 ? `f${i}.txt` : `sub${i % 3}/deep/f${i}.txt`,
    content: `${label} ${i}\n`.repeat(50),
  }));
}

process.on('SIGINT', () => {
  void interruptWrites().then((outcome) => {
    process.stdout.write(`interrupted ${outcome}\n`);
    process.exit(130);
  });
});
const changes = await compareWithDisk(dir, plannedFiles(label, Number(count)));
process.stdout.write('start\n');
try {
  const beforeStep = (step) => {
    // Each step is reported, so the test can aim a signal at a chosen point of the write.
    process.stdout.write(`step ${step}\n`);
    return new Promise((resolve) => setTimeout(resolve, Number(delay)));
  };
  await writeChanges(dir, changes, { force: true, beforeStep });
  process.stdout.write('done\n');
} catch (error) {
  process.stdout.write(`refused ${error.message}\n`);
  process.exitCode = error.name === 'WriteError' ? 1 : 3;
}
