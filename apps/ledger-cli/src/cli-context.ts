/**
 * What a CLI command may touch besides its arguments: the environment and the two output
 * streams. Passed in (not read from globals) so a command can be run in-process by a test.
 */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Results (a token, a report): what a script captures. */
  readonly stdout: (text: string) => void;
  /** Notes and warnings for the person at the terminal. */
  readonly stderr: (text: string) => void;
}

export function processCliContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}

/** A refusal the CLI explains in one line and exits 1 for (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError';
}
