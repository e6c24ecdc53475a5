// What an app's own source says about how it serves: the port of its listen call when that is a
// literal (or the fallback next to the PORT variable), and the health endpoints it routes. Read
// from the entry point and a few conventional server files, never executed. Every pattern is
// anchored on a literal keyword and uses bounded, non-nested quantifiers: linear on any input.
import type { Language } from '../catalogue.js';

export interface CodeHints {
  readonly port?: { readonly value: number; readonly how: string };
  /** A path such as /healthz that the code routes, for HTTP probes. */
  readonly healthPath?: string;
}

interface PortPattern {
  readonly pattern: RegExp;
  readonly how: string;
}

const PORT_PATTERNS: Readonly<Record<Language, readonly PortPattern[]>> = {
  node: [
    // process.env.PORT || 8080, process.env.PORT ?? 8080, Number(process.env.PORT ?? '8080')
    { pattern: /process\.env\.PORT\)?\s{0,4}(?:\|\||\?\?)\s{0,4}['"]?(\d{2,5})\b/, how: 'the fallback next to process.env.PORT' },
    { pattern: /\.listen\(\s{0,4}(\d{2,5})\b/, how: 'the listen call' },
    { pattern: /\bport\s{0,4}[:=]\s{0,4}(\d{2,5})\b/i, how: 'a port setting' },
  ],
  python: [
    { pattern: /os\.environ\.get\(\s{0,4}['"]PORT['"]\s{0,4},\s{0,4}['"]?(\d{2,5})\b/, how: 'the fallback of the PORT variable' },
    { pattern: /\.run\([^)\n]{0,200}\bport\s{0,4}=\s{0,4}(\d{2,5})\b/, how: 'the run call' },
    { pattern: /\bport\s{0,4}=\s{0,4}(\d{2,5})\b/, how: 'a port setting' },
  ],
  go: [
    { pattern: /ListenAndServe(?:TLS)?\(\s{0,4}"[^":\n]{0,100}:(\d{2,5})"/, how: 'the ListenAndServe call' },
    // flag.Int("port", 9898, ...), fs.IntP("port", "p", 9898, ...)
    { pattern: /\.IntP?\(\s{0,4}"port"\s{0,4},\s{0,4}(?:"[^"\n]{0,8}"\s{0,4},\s{0,4})?(\d{2,5})\b/, how: 'the port flag default' },
    { pattern: /\.StringP?\(\s{0,4}"(?:port|addr|listen|listen-address)"\s{0,4},\s{0,4}(?:"[^"\n]{0,8}"\s{0,4},\s{0,4})?"[^":\n]{0,100}:(\d{2,5})"/, how: 'the listen address flag default' },
    // port := os.Getenv("PORT"); if port == "" { port = "8081" }: a literal within three lines.
    { pattern: /os\.Getenv\("PORT"\)(?:[^\n]{0,200}\n){0,3}[^\n"]{0,200}"(\d{2,5})"/, how: 'the fallback of the PORT variable' },
  ],
  java: [{ pattern: /server\.port\s{0,4}[=:]\s{0,4}(\d{2,5})\b/, how: 'server.port' }],
  rust: [
    { pattern: /(?:bind|TcpListener::bind)\(\s{0,4}(?:\(\s{0,4}\[?[0-9, ]{0,20}\]?\s{0,4},\s{0,4}|"[^":\n]{0,100}:)(\d{2,5})\b/, how: 'the bind call' },
  ],
};

/** A quoted path the code routes that names a health check. */
const HEALTH_PATH = /["'`](\/(?:healthz|readyz|livez|health|ready|live|healthcheck|_health|ping))["'`]/;

/** The hints in the given source texts, the first file that has one winning. */
export function codeHints(language: Language, sources: readonly { readonly file: string; readonly text: string }[]): CodeHints & { readonly file?: string; readonly healthFile?: string } {
  let port: (CodeHints['port'] & { file: string }) | undefined;
  let health: { path: string; file: string } | undefined;
  for (const { file, text } of sources) {
    if (!port) {
      for (const { pattern, how } of PORT_PATTERNS[language]) {
        const value = Number(pattern.exec(text)?.[1]);
        if (value >= 1 && value <= 65535) {
          port = { value, how, file };
          break;
        }
      }
    }
    if (!health) {
      const path = HEALTH_PATH.exec(text)?.[1];
      if (path) health = { path, file };
    }
  }
  return {
    ...(port ? { port: { value: port.value, how: port.how }, file: port.file } : {}),
    ...(health ? { healthPath: health.path, healthFile: health.file } : {}),
  };
}

/** Source files worth reading for a language: the entry point first, then conventional names. */
export function candidateSources(language: Language, entrypoint: string | undefined): string[] {
  const conventional: Readonly<Record<Language, readonly string[]>> = {
    node: ['server.js', 'index.js', 'app.js', 'main.js', 'src/server.ts', 'src/index.ts', 'src/app.ts', 'src/main.ts', 'src/server.js', 'src/index.js'],
    python: ['app.py', 'main.py', 'server.py', 'wsgi.py', 'asgi.py', 'src/app.py', 'src/main.py'],
    go: ['main.go', 'server.go', 'cmd/server/main.go'],
    java: ['src/main/resources/application.properties', 'src/main/resources/application.yml', 'src/main/resources/application.yaml'],
    rust: ['src/main.rs'],
  };
  const first: string[] = [];
  if (entrypoint) {
    if (language === 'node' || language === 'python') first.push(entrypoint.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'), entrypoint);
    if (language === 'go') first.push(`${entrypoint.replace(/^\.\/?/, '').replace(/\/$/, '')}/main.go`.replace(/^\/+/, ''));
  }
  return [...new Set([...first, ...conventional[language]])];
}
