import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerBackupCommand } from './backup.command';
import { registerCopyCommand } from './copy.command';
import { registerDemoCommand } from './demo.command';
import { registerRebuildCommand } from './rebuild.command';
import { registerTokenCommand } from './token.command';
import { registerVerifyCommand } from './verify.command';

/**
 * Every CLI command, one file each under this folder, each exporting a `register…Command(program,
 * context)` that adds its subcommand, listed here.
 */
export const COMMANDS: ReadonlyArray<(program: Command, context: CliContext) => void> = [registerTokenCommand, registerRebuildCommand, registerDemoCommand, registerCopyCommand, registerVerifyCommand, registerBackupCommand];
