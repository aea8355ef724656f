// The terminal of `kubectl exec -it` and `kubectl run -it`: a pty's line discipline in its default (cooked)
// mode. Keystrokes arrive raw from the client: they are echoed, Enter (CR) becomes a newline (ICRNL), Backspace
// erases (ERASE), ^U kills the line, ^C interrupts the foreground command, ^D at the start of a line is end
// of input; a line reaches the program once complete. Output newlines become CR LF (ONLCR).
import { StringDecoder } from 'node:string_decoder';
import { Input } from './streams.js';

export interface TtyHooks {
  /** Writes the echo of typed characters to the terminal (already in terminal form). */
  echo(text: string): void;
  /** ^C: the foreground command gets SIGINT. */
  interrupt(): void;
}

/** Output as the terminal shows it: every LF preceded by CR. */
export const ttyOutput = (text: string): string => text.replace(/\n/g, '\r\n');

/**
 * Cooked input from raw keystrokes (byte chunks, null at end). Keystrokes are taken as they arrive, whether or
 * not the program is reading: typed-ahead text is echoed at once and ^C reaches a command that reads nothing.
 */
export function ttyInput(source: { read(): Promise<Buffer | null> }, hooks: TtyHooks): Input {
  const decoder = new StringDecoder('utf8');
  let line = '';
  const ready: (string | null)[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  /** Inside an escape sequence (arrow keys send ESC [ A): its bytes are dropped. */
  let escState: '' | 'esc' | 'csi' = '';
  const feed = (text: string) => {
    for (const ch of text) {
      if (escState === 'esc') {
        escState = ch === '[' || ch === 'O' ? 'csi' : '';
        continue;
      }
      if (escState === 'csi') {
        if (ch >= '@' && ch <= '~') escState = '';
        continue;
      }
      switch (ch) {
        case '\x1b':
          escState = 'esc';
          break;
        case '\r':
        case '\n':
          hooks.echo('\r\n');
          ready.push(`${line}\n`);
          line = '';
          break;
        case '\x7f':
        case '\b':
          if (line) {
            line = [...line].slice(0, -1).join('');
            hooks.echo('\b \b');
          }
          break;
        case '\x15':
          hooks.echo('\b \b'.repeat([...line].length));
          line = '';
          break;
        case '\x03':
          hooks.echo('^C\r\n');
          line = '';
          hooks.interrupt();
          break;
        case '\x04':
          if (line) {
            ready.push(line);
            line = '';
          } else ready.push(null);
          break;
        default:
          if (ch < ' ' && ch !== '\t') hooks.echo(`^${String.fromCharCode(ch.charCodeAt(0) + 64)}`);
          else hooks.echo(ch);
          line += ch;
      }
    }
    wake?.();
  };
  void (async () => {
    for (;;) {
      const chunk = await source.read();
      if (chunk === null) {
        feed(decoder.end());
        if (line) ready.push(line);
        line = '';
        ended = true;
        wake?.();
        return;
      }
      feed(decoder.write(chunk));
    }
  })();
  return new Input({
    read: async () => {
      while (ready.length === 0) {
        if (ended) return null;
        await new Promise<void>((r) => (wake = r));
      }
      // ^D: end of input for this read (a shell exits on it).
      return ready.shift() as string | null;
    },
  });
}

/** Plain input from byte chunks (no terminal): UTF-8 text as it arrives. */
export function byteInput(source: { read(): Promise<Buffer | null> }): Input {
  const decoder = new StringDecoder('utf8');
  let done = false;
  return new Input({
    read: async () => {
      for (;;) {
        if (done) return null;
        const chunk = await source.read();
        if (chunk === null) {
          done = true;
          const rest = decoder.end();
          return rest || null;
        }
        const text = decoder.write(chunk);
        if (text) return text;
      }
    },
  });
}
