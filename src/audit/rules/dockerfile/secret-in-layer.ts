import { defineRule } from '../../types.js';
import type { Invocation } from './_shell.js';
import { type RunStep, commandRuns, dockerfileModels, inFinalImage } from './_support.js';
import { withoutTrailing } from '../../../util/trim.js';

/** Files that hold credentials by name or by convention. */
const SECRET_FILE_NAMES = new Set([
  '.env', '.npmrc', '.pypirc', '.netrc', '.git-credentials', '.dockercfg', '.vault-token', '.htpasswd', '.pgpass', '.my.cnf',
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.ssh', '.aws', '.gnupg', 'credentials.json', 'client_secret.json', 'secrets.json', 'kubeconfig',
]);
/** Path endings that hold credentials. */
const SECRET_PATH_ENDINGS = ['.aws/credentials', '.docker/config.json', '.kube/config', '.config/gcloud'];
const EXAMPLE_ENV = /^\.env\.(example|sample|template|dist|defaults?)$/i;
/** Private key and keystore extensions. .pem is included unless the name says it is a certificate or CA bundle. */
const KEY_EXTENSION = /\.(key|p12|pfx|jks|keystore|ppk|pem)$/i;
const CERTIFICATE_NAME = /(^|[-_.])(ca|cert|certs|certificate|chain|fullchain|bundle|pub|public|root|trust)([-_.]|$)/i;

export function isSecretFilePath(path: string): boolean {
  const clean = withoutTrailing(path, '/');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  if (SECRET_FILE_NAMES.has(base)) return true;
  if (base.startsWith('.env.') && !EXAMPLE_ENV.test(base)) return true;
  if (/^service[-_]?account.*\.json$|^client_secret.*\.json$/i.test(base)) return true;
  if (SECRET_PATH_ENDINGS.some((ending) => clean === ending || clean.endsWith(`/${ending}`))) return true;
  return KEY_EXTENSION.test(base) && !(base.toLowerCase().endsWith('.pem') && CERTIFICATE_NAME.test(base.replace(/\.pem$/i, '')));
}

/** A RUN command that stores credentials in the filesystem (so in the layer). */
/** The programs credentialCommand knows; any other command is answered without reading its arguments. */
const CREDENTIAL_PROGRAMS = new Set(['aws', 'gcloud', 'az', 'docker', 'npm', 'git', 'echo', 'printf', 'cat']);

function credentialCommand(call: Invocation): string | undefined {
  if (!CREDENTIAL_PROGRAMS.has(call.name)) return undefined;
  const args = call.args.map((w) => w.value);
  const sub = args.filter((a) => !a.startsWith('-'));
  if (call.name === 'aws' && sub[0] === 'configure' && sub[1] === 'set' && /^(aws_secret_access_key|aws_access_key_id|aws_session_token)$/.test(sub[2] ?? '')) {
    return `aws configure set ${sub[2]} writes the key to ~/.aws/credentials`;
  }
  if (call.name === 'gcloud' && sub[0] === 'auth' && sub[1] === 'activate-service-account') return 'gcloud auth activate-service-account stores the key in ~/.config/gcloud';
  if (call.name === 'az' && sub[0] === 'login' && args.some((a) => a === '-p' || a.startsWith('--password'))) return 'az login with a password stores a token in ~/.azure';
  if (call.name === 'docker' && sub[0] === 'login' && args.some((a) => a === '-p' || a === '--password' || a.startsWith('--password='))) return 'docker login -p stores the password in ~/.docker/config.json';
  if (call.name === 'npm' && sub[0] === 'config' && sub[1] === 'set' && /_auth(Token)?|_password/.test(sub[2] ?? '')) return 'npm config set writes the token to ~/.npmrc';
  if (call.name === 'git' && sub[0] === 'config' && args.some((a) => /^https?:\/\/[^/\s:@]+:[^/\s@]+@/.test(a))) return 'git config stores credentials in a URL';
  const written = call.command.redirects.find((r) => (r.operator === '>' || r.operator === '>>') && r.target && isSecretFilePath(r.target.value));
  if (written?.target && (call.name === 'echo' || call.name === 'printf' || call.name === 'cat')) return `${call.name} writes ${written.target.value}`;
  return undefined;
}

const hasSecretMount = (run: RunStep) => run.flags.some((f) => f.name === 'mount' && /(^|,)type=secret(,|$)/.test(f.value ?? ''));

export const secretInLayer = defineRule({
  id: 'dockerfile/secret-in-layer',
  area: 'dockerfile',
  severity: 'high',
  title: 'Secret file or credential written into an image layer',
  why: 'Every layer stays in the image even if a later step deletes the file: anyone who can pull it can extract the key, token or password.',
  detect:
    'COPY/ADD from the build context of a credential file: .env (not .env.example/.sample/.template), .npmrc, .pypirc, .netrc, ' +
    '.git-credentials, .aws/credentials, .docker/config.json, .kube/config, id_rsa/id_ed25519..., .ssh, *.key, *.p12, *.pfx, ' +
    '*.jks, *.pem (unless named like a certificate or CA bundle), service-account*.json, credentials.json; and RUN commands ' +
    'that store credentials (aws configure set aws_secret_access_key, gcloud auth activate-service-account, docker login -p, ' +
    'az login -p, npm config set _authToken, echo/printf into such a file) in a RUN or an ONBUILD RUN without a secret mount. ' +
    'High in the final image, medium in a build stage (its layers stay in the build cache and any pushed cache).',
  fix: 'Mount secrets for the one RUN that needs them: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` and `docker build --secret id=npmrc,src=.npmrc`; keep runtime credentials out of the image and add the files to .dockerignore.',
  refs: ['trivy:DS-0031'],
  noFix: 'The secret must be passed with RUN --mount=type=secret and rotated if it was pushed; how the build reads it is the app\'s.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        const severity = inFinalImage(model, stage) ? undefined : ('medium' as const);
        for (const step of stage.steps) {
          if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
          const args = model.argumentsOf(step);
          if (args.flags.some((f) => f.name === 'from')) continue;
          for (const source of args.words.slice(0, -1)) {
            if (!isSecretFilePath(source.value)) continue;
            report({
              location: model.locate({ start: source.start, end: source.end }),
              message: `${step.keyword} puts ${source.value} into the image; the credential stays in the layer.`,
              ...(severity && { severity }),
            });
          }
        }
        for (const run of commandRuns(stage)) {
          if (hasSecretMount(run)) continue;
          for (const call of run.invocations) {
            const what = credentialCommand(call);
            if (!what) continue;
            report({
              location: model.locate({ start: call.command.start, end: call.command.end }),
              message: run.trigger ? `${what}, which stays in the layer of every image built FROM this one (ONBUILD).` : `${what}, which stays in the layer.`,
              ...(severity && { severity }),
            });
          }
        }
      }
    }
  },
});
