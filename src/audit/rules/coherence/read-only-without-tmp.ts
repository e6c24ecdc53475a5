// readOnlyRootFilesystem is right, but a program that writes temporary files fails at the first
// one when no writable volume covers its temporary directory. Reported only when the repo shows
// that the container writes there (_temp-writes.ts): most apps that run read-only never do.
import { posix } from 'node:path';
import { addTmpMount, type FixOutcome, noFix, TMP_SIZE_LIMIT, tmpPlan, withFix, yamlFix } from '../../fix/kubernetes.js';
import { type PodContainer, type Workload, workloads } from '../../support/kubernetes.js';
import { defineRule, type Repo } from '../../types.js';
import { containerSecurityContext } from '../kubernetes/_support.js';
import { launchOf } from './_launch.js';
import {
  declaredTempDirWrites,
  gunicornConfigFiles,
  gunicornWrites,
  knownImageWrites,
  PROFILE_FILE,
  type ProfilePaths,
  profileWritablePaths,
  profileWrites,
  springBootWrites,
  type TempWrite,
  writableIn,
} from './_temp-writes.js';

export const readOnlyWithoutTmp = defineRule({
  id: 'coherence/read-only-without-tmp',
  area: 'coherence',
  severity: 'info',
  title: 'Read-only root filesystem without a writable temporary directory',
  why: 'With readOnlyRootFilesystem every write outside a volume fails: a program that creates temporary files (gunicorn\'s worker heartbeat, Spring Boot\'s embedded web server) stops at startup when no writable volume covers its temporary directory.',
  detect:
    'A container or init container sets readOnlyRootFilesystem: true, and the repo shows that it writes to a temporary directory no writable volumeMount ' +
    '(or /dev/shm) covers: it runs gunicorn (its command, or the ENTRYPOINT/CMD of the Dockerfile that builds its image) without a writable --worker-tmp-dir ' +
    '(command line, GUNICORN_CMD_ARGS or a gunicorn.conf.py in the repo), and none of Python\'s temporary directories is writable; its image is built from a ' +
    'Maven or Gradle project that declares spring-boot-starter-web (webmvc, tomcat, jetty, undertow) and runs a JVM, which writes to java.io.tmpdir; its env ' +
    'sets TMPDIR, TEMP, TMP or -Djava.io.tmpdir (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, JAVA_OPTS, its command); it runs nginxinc/nginx-unprivileged with that ' +
    `image's nginx.conf (pid and temp paths in /tmp); or the app's ${PROFILE_FILE} profile lists /tmp in writablePaths. Without such evidence nothing is reported, ` +
    'and never for an app whose profile declares writablePaths: [] (its authors stated it writes nowhere).',
  fix: 'Mount an emptyDir at the temporary directory (`volumes: [{name: tmp, emptyDir: {sizeLimit: 64Mi}}]`, `volumeMounts: [{name: tmp, mountPath: /tmp}]`), or point the program at a writable one (gunicorn --worker-tmp-dir /dev/shm).',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    const profiles = profileWritablePaths(repo);
    for (const workload of workloads(repo)) {
      const profile = profiles.get(workload.object.name ?? '');
      if (profile?.paths.length === 0) continue;
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers' || containerSecurityContext(container).readOnlyRootFilesystem !== true) continue;
        const writable = writableIn(container);
        const blocked = tempWrites(repo, workload, container, profile).filter((write) => ![write.path, ...write.fallbacks].some(writable));
        if (blocked.length === 0) continue;
        const paths = [...new Set(blocked.map((write) => write.path))];
        report(
          withFix(
            {
              location: container.locate(['securityContext', 'readOnlyRootFilesystem']),
              message:
                `${container.label} of ${workload.label} has a read-only root filesystem and no writable volume at ${paths.join(' or ')}, ` +
                `where it writes: ${blocked.map((write) => write.reason).join('; ')}.`,
            },
            tmpFix(workload, container, blocked),
          ),
        );
      }
    }
  },
});

/** What the repo shows the container writes; the profile speaks for the app's own containers only. */
function tempWrites(repo: Repo, workload: Workload, container: PodContainer, profile: ProfilePaths | undefined): TempWrite[] {
  const launch = launchOf(repo, workload, container);
  return [
    ...gunicornWrites(launch, gunicornConfigFiles(repo, launch)),
    ...springBootWrites(repo, launch),
    ...declaredTempDirWrites(launch),
    ...knownImageWrites(container, launch),
    ...(container.list === 'containers' ? profileWrites(profile) : []),
  ];
}

/** Whether a writable /tmp is enough for this write: /tmp is its directory or one it falls back to. */
const satisfiedByTmp = (write: TempWrite) => [write.path, ...write.fallbacks].some((path) => posix.normalize(path).replace(/\/$/, '') === '/tmp');

/**
 * An emptyDir (sizeLimit 64Mi) mounted at /tmp, when a writable /tmp is all the container lacks: a
 * fresh, empty, writable /tmp is what runtimes expect. Safe, except that it hides whatever the
 * image itself put in /tmp. A directory elsewhere (TMPDIR=/scratch), or one inside /tmp that an
 * empty volume would not contain (gunicorn and the JVM do not create their temporary directory),
 * is the author's choice of place; the fix does not guess the volume for it.
 */
function tmpFix(workload: Workload, container: PodContainer, blocked: readonly TempWrite[]): FixOutcome {
  const elsewhere = blocked.find((write) => !satisfiedByTmp(write));
  if (elsewhere) return noFix(`it writes to ${elsewhere.path}, not /tmp itself: mount a writable volume (an emptyDir) there by hand`);
  const plan = tmpPlan(workload, container);
  if (plan.kind !== 'add') return noFix(plan.kind === 'blocked' ? plan.reason : 'a writable mount already covers /tmp');
  return yamlFix(workload.object.document, {
    description: `Mount an emptyDir ("${plan.volume}", sizeLimit ${TMP_SIZE_LIMIT}) at /tmp in ${container.label}`,
    caveat: 'The emptyDir hides anything the image itself put in /tmp; check that the app does not ship files there.',
    touches: [[...container.path, 'volumeMounts'], [...workload.podPath, 'volumes']],
    edit: (editor) => addTmpMount(editor, workload, container, plan),
  });
}
