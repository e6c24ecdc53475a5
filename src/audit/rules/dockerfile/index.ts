// The dockerfile rules, in catalogue order: who the container runs as and what it is built from,
// secrets, supply chain, package hygiene, then correctness and style.
import type { Rule } from '../../types.js';
import { addInsteadOfCopy } from './add-instead-of-copy.js';
import { aptInstallRecommends } from './apt-install-recommends.js';
import { aptInsteadOfAptGet } from './apt-instead-of-apt-get.js';
import { baseImageDigest } from './base-image-digest.js';
import { baseImageLatest } from './base-image-latest.js';
import { buildToolsInFinalImage } from './build-tools-in-final-image.js';
import { copyContextWithoutDockerignore } from './copy-context-without-dockerignore.js';
import { copyDestinationSlash } from './copy-destination-slash.js';
import { copyFromUnknownStage } from './copy-from-unknown-stage.js';
import { curlAndWget } from './curl-and-wget.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { duplicateInstruction } from './duplicate-instruction.js';
import { duplicateStageName } from './duplicate-stage-name.js';
import { exposeInvalidPort } from './expose-invalid-port.js';
import { exposeSsh } from './expose-ssh.js';
import { firstInstruction } from './first-instruction.js';
import { maintainer } from './maintainer.js';
import { missingHealthcheck } from './missing-healthcheck.js';
import { missingPipefail } from './missing-pipefail.js';
import { packageCache } from './package-cache.js';
import { packageInstallInteractive } from './package-install-interactive.js';
import { packageUpdateAlone } from './package-update-alone.js';
import { packageUpgrade } from './package-upgrade.js';
import { relativeWorkdir } from './relative-workdir.js';
import { rootUser } from './root-user.js';
import { runCd } from './run-cd.js';
import { secretInEnvOrArg } from './secret-in-env-or-arg.js';
import { secretInLayer } from './secret-in-layer.js';
import { shellFormEntrypoint } from './shell-form-entrypoint.js';
import { sudo } from './sudo.js';
import { systemWorkdir } from './system-workdir.js';
import { unpinnedPackageVersion } from './unpinned-package-version.js';
import { unsafePermissions } from './unsafe-permissions.js';

export const dockerfileRules: readonly Rule[] = [
  // Runtime identity and contents of the final image
  rootUser,
  buildToolsInFinalImage,
  sudo,
  unsafePermissions,
  exposeSsh,
  systemWorkdir,
  // Secrets
  secretInEnvOrArg,
  secretInLayer,
  copyContextWithoutDockerignore,
  // Supply chain
  baseImageLatest,
  baseImageDigest,
  curlPipeShell,
  addInsteadOfCopy,
  copyFromUnknownStage,
  unpinnedPackageVersion,
  // Package hygiene
  packageUpdateAlone,
  packageInstallInteractive,
  aptInstallRecommends,
  packageCache,
  aptInsteadOfAptGet,
  packageUpgrade,
  // Correctness and maintainability
  shellFormEntrypoint,
  missingPipefail,
  duplicateInstruction,
  duplicateStageName,
  copyDestinationSlash,
  firstInstruction,
  exposeInvalidPort,
  relativeWorkdir,
  missingHealthcheck,
  runCd,
  curlAndWget,
  maintainer,
];
