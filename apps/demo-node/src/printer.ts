// How the demo speaks: numbered chapters, indented lines, short forms of long values.

/** Where the story goes; `console.log` in the CLI, an array in tests. */
export type Write = (line: string) => void;

/** Prints the story's chapters and lines. */
export interface Printer {
  /** Starts a chapter: a blank line and a numbered title. */
  chapter(title: string): void;
  /** One line of a chapter. */
  line(text: string): void;
}

/**
 * Creates a printer that numbers chapters in order.
 *
 * @param write Receives each line.
 * @returns The printer.
 */
export function createPrinter(write: Write): Printer {
  let chapters = 0;
  return {
    chapter(title) {
      chapters += 1;
      write('');
      write(`── ${chapters}. ${title}`);
    },
    line(text) {
      write(`   ${text}`);
    },
  };
}

/**
 * The first characters of a long value and its length: enough to show what a ciphertext or a
 * hash looks like without flooding the terminal.
 *
 * @param value The value.
 * @param keep How many leading characters to show; default 24.
 * @returns `value` itself when short, else `abc…  (N chars)`.
 */
export function short(value: string, keep = 24): string {
  return value.length <= keep + 8 ? value : `${value.slice(0, keep)}… (${value.length} chars)`;
}
