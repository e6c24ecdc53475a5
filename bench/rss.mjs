// Preloaded with --import by the bench: reports the process's peak resident memory on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\ncsc-bench-max-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
