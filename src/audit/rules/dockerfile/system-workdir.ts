import { defineRule } from '../../types.js';
import { normalizePath, workdirPath } from './_workdir.js';
import { dockerfileModels } from './_support.js';

/** Kernel and boot filesystems a container must not write to or run from. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/boot', '/initrd', '/lost+found'];

export const systemWorkdir = defineRule({
  id: 'dockerfile/system-workdir',
  area: 'dockerfile',
  severity: 'medium',
  title: 'WORKDIR in a system directory',
  why: 'Working in /proc, /sys, /dev or /boot means the app reads and writes kernel or device interfaces, a classic step in container breakouts, and the files it expects are not there.',
  detect: `A WORKDIR whose absolute path (ARG/ENV defaults substituted, . and .. resolved) is or is under ${SYSTEM_DIRS.join(', ')}.`,
  fix: 'Use an application directory such as /app.',
  refs: ['trivy:DS-0030'],
  noFix: 'Moving the app\'s directory changes the paths its configuration and scripts use.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'WORKDIR') continue;
          const workdir = workdirPath(model, step);
          if (!workdir || !workdir.path.startsWith('/')) continue;
          const path = normalizePath(workdir.path);
          const dir = SYSTEM_DIRS.find((d) => path === d || path.startsWith(`${d}/`));
          if (dir) report({ location: model.locate(workdir.span), message: `WORKDIR ${workdir.path} is inside the system directory ${dir}.` });
        }
      }
    }
  },
});
