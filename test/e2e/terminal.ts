// A real pseudo-terminal for end-to-end tests: the built binary runs in @lydell/node-pty and its
// output is interpreted by @xterm/headless, so `screen()` is what a person would see (colours and
// cursor movement applied), not the raw byte stream.
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

export interface TerminalOptions {
  readonly cwd: string;
  readonly cols?: number;
  readonly rows?: number;
  readonly env?: Record<string, string | undefined>;
}

export interface Keys {
  readonly enter: string;
  readonly up: string;
  readonly down: string;
  readonly space: string;
  readonly escape: string;
  readonly ctrlC: string;
}

export const KEYS: Keys = { enter: '\r', up: '\x1b[A', down: '\x1b[B', space: ' ', escape: '\x1b', ctrlC: '\x03' };

export class Terminal {
  private readonly term: xterm.Terminal;
  private readonly process: pty.IPty;
  private output = '';
  readonly exited: Promise<number>;

  constructor(command: string, args: readonly string[], { cwd, cols = 80, rows = 24, env = {} }: TerminalOptions) {
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, ...env })) if (value !== undefined) environment[key] = value;
    this.process = pty.spawn(command, [...args], { cols, rows, cwd, env: environment, name: 'xterm-256color' });
    this.process.onData((data) => {
      this.output += data;
      this.term.write(data);
    });
    this.exited = new Promise((resolve) => this.process.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /**
   * The visible screen, trailing spaces trimmed. A line broken at the right edge (wrapped by the
   * terminal, or by a program filling the row to the last column) is joined back into one, as a
   * person reads it: tests check the text, not where it was broken. For the layout, see rows().
   */
  screen(): string {
    const buffer = this.term.buffer.active;
    return this.lines(buffer.viewportY, buffer.viewportY + this.term.rows);
  }

  /** Everything printed so far, scrollback included, as the terminal shows it. */
  transcript(): string {
    return this.lines(0, this.term.buffer.active.length);
  }

  /** Rows as the terminal shows them, one string per row (no joining): for checking the layout. */
  rows(): string[] {
    const buffer = this.term.buffer.active;
    const rows: string[] = [];
    for (let row = buffer.viewportY; row < buffer.viewportY + this.term.rows; row++) rows.push(buffer.getLine(row)?.translateToString(true) ?? '');
    return rows;
  }

  private lines(from: number, to: number): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    let continues = false;
    for (let row = from; row < to; row++) {
      const line = buffer.getLine(row);
      if (!line) continue;
      const text = line.translateToString(true);
      if ((line.isWrapped || continues) && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
      // A full row continues on the next one, unless it ends in an ellipsis: that row was cut short.
      continues = text.length >= this.term.cols && !text.endsWith('…');
    }
    return lines.join('\n');
  }

  /** The raw bytes the program wrote (escape sequences included). */
  raw(): string {
    return this.output;
  }

  /** Waits until the screen shows the text (or matches the pattern); fails with the screen if it never does. */
  async waitFor(expected: string | RegExp, timeoutMs = 8000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Let xterm finish parsing what has arrived.
      await new Promise<void>((resolve) => this.term.write('', resolve));
      const screen = this.screen();
      if (typeof expected === 'string' ? screen.includes(expected) : expected.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${String(expected)}; the screen shows:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Waits until the rows as the terminal shows them pass `settled` (a layout, not only a text: a
   * screen can show the new text before the program has finished moving the old lines off).
   */
  async waitForRows(settled: (rows: readonly string[]) => boolean, timeoutMs = 8000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await new Promise<void>((resolve) => this.term.write('', resolve));
      const rows = this.rows();
      if (settled(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the layout; the rows are:\n${rows.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  write(keys: string): void {
    this.process.write(keys);
  }

  /** Types text then Enter. */
  answer(text: string): void {
    this.process.write(text);
    this.process.write(KEYS.enter);
  }

  async exitCode(timeoutMs = 8000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the program did not exit; the screen shows:\n${this.screen()}`)), timeoutMs);
    });
    try {
      const code = await Promise.race([this.exited, timeout]);
      await new Promise<void>((resolve) => this.term.write('', resolve));
      return code;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    try {
      this.process.kill();
    } catch {
      // already gone
    }
  }
}
