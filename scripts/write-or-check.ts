// "Write the generated file, or with --check fail when the checked-in one differs": shared by
// the generators in scripts/ (openapi.ts, schema-types.ts) that npm test runs with --check.
import { readFileSync, writeFileSync } from 'node:fs';

export interface WriteOrCheckMessages {
  /** Printed (stderr) when --check finds a difference; the process then exits with 1. */
  differs: string;
  /** Printed when --check finds the file up to date. */
  matches: string;
}

/**
 * Writes `text` to `file`, or, when `argv` holds --check, compares it with the file on disk
 * (a missing file counts as a difference) and exits with 1 when they differ.
 */
export function writeOrCheck(file: string, text: string, messages: WriteOrCheckMessages, argv: readonly string[] = process.argv): void {
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing file: reported below as a difference
    }
    if (current !== text) {
      console.error(messages.differs);
      process.exit(1);
    }
    console.log(messages.matches);
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
