import { CommanderError } from 'commander';
import { CliError, processCliContext } from './cli-context';
import { buildProgram } from './program';

/** Runs the CLI with these arguments (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], context = processCliContext()): Promise<number> {
  const program = buildProgram(context).exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander already printed its own message (usage errors, --help, --version).
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      context.stderr(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
