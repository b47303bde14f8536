import { Command } from 'commander';
import type { CliContext } from './cli-context';
import { COMMANDS } from './commands';

/** The `ledger` command line: operator and developer tools around the CSP relationship ledger. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('ledger')
    .description('Tools for the CSP relationship ledger (tokens; later rebuild, verify, demo, backup, copy).')
    .showHelpAfterError()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  for (const register of COMMANDS) register(program, context);
  return program;
}
