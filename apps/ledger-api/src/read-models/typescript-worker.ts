import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/*
 * Starting a worker thread on this repository's TypeScript. `npm start` runs the API through
 * `node -r @swc-node/register`, and a worker inherits that option — but that loader brings the
 * `typescript` package with it (to read tsconfig.json): measured here, ≈ 50 MB of resident memory
 * and 0.6–1 s more before the thread runs anything, every start. A worker on a .ts file therefore
 * gets a small loader of its own instead (the bootstrap below: @swc/core's transformSync for .ts
 * files, the tsconfig path aliases), which costs ≈ 0.1 s. Compiled to .js, the worker runs as it is.
 */

/** The repository's on-the-fly compile settings, shared with jest (swc.options.cjs at the root). */
const SWC_OPTIONS = path.resolve(__dirname, '../../../../swc.options.cjs');

/** Plain JavaScript: it runs before any TypeScript can be loaded in the new thread. */
const TYPESCRIPT_BOOTSTRAP = `
const fs = require('node:fs');
const Module = require('node:module');
const { workerData } = require('node:worker_threads');
const { transformSync } = require('@swc/core');
const { script, aliases, swcOptions } = workerData.typescriptWorker;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, Object.prototype.hasOwnProperty.call(aliases, request) ? aliases[request] : request, ...rest);
};
const options = { ...require(swcOptions), sourceMaps: 'inline' };
require.extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename }).code, filename);
};
process.setSourceMapsEnabled(true);
require(script);
`;

/**
 * Starts `script` (a .ts or .js file) in a worker thread, with `options`. A .ts script runs
 * through the bootstrap above, without this process's `-r @swc-node/register`.
 */
export function startWorker(script: string, options: WorkerOptions & { workerData?: Record<string, unknown> }): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, options);
  const workerOptions = {
    ...options,
    eval: true,
    workerData: { ...options.workerData, typescriptWorker: { script, aliases: pathAliases(script), swcOptions: SWC_OPTIONS } },
  };
  // An explicit execArgv (needed to leave the loader out) is checked by Node, which refuses the
  // flags that belong to the whole process (V8's --max-old-space-size, --expose-gc, --stack-trace-limit,
  // Node's --title…). They still apply to the worker: V8 flags are process-wide. So the flags Node
  // names are dropped, until it accepts the rest (it may name only some of them at a time).
  let execArgv = withoutTypeScriptLoader(options.execArgv ?? process.execArgv);
  for (;;) {
    try {
      return new Worker(TYPESCRIPT_BOOTSTRAP, { ...workerOptions, execArgv });
    } catch (error) {
      const refused = refusedFlags(error);
      const kept = withoutFlags(execArgv, refused);
      if (refused.length === 0 || kept.length === execArgv.length) throw error;
      execArgv = kept;
    }
  }
}

/** The flags an ERR_WORKER_INVALID_EXEC_ARGV names ("…invalid execArgv flags: --a, --b=1"); none for another error. */
export function refusedFlags(error: unknown): string[] {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return [];
  const named = /flags: (.*)$/.exec((error as Error).message)?.[1] ?? '';
  return named
    .split(', ')
    .map((flag) => flag.trim().split('=')[0]!)
    .filter((flag) => flag.startsWith('-'));
}

/** `execArgv` without `flags`, in their `--flag`, `--flag=value` and `--flag value` spellings. */
export function withoutFlags(execArgv: readonly string[], flags: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const arg = execArgv[i]!;
    const name = arg.split('=')[0]!;
    if (!flags.includes(name)) {
      kept.push(arg);
      continue;
    }
    // In execArgv, a word that is not an option is the value of the option before it.
    if (name === arg && execArgv[i + 1] !== undefined && !execArgv[i + 1]!.startsWith('-')) i += 1;
  }
  return kept;
}

/** `execArgv` without `-r`/`--require @swc-node/register` (in any of its spellings). */
export function withoutTypeScriptLoader(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const arg = execArgv[i]!;
    if ((arg === '-r' || arg === '--require') && execArgv[i + 1]?.includes('@swc-node/register')) {
      i += 1;
      continue;
    }
    if (/^(-r|--require)=?.*@swc-node\/register/.test(arg)) continue;
    kept.push(arg);
  }
  return kept;
}

/**
 * The `paths` of the tsconfig.json above `script` (following `extends`), as absolute targets:
 * `@ledger/projections` → `/…/projections`. Only exact aliases (this repository has no wildcards).
 */
export function pathAliases(script: string): Record<string, string> {
  let dir = path.dirname(script);
  while (!fs.existsSync(path.join(dir, 'tsconfig.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return {};
    dir = parent;
  }
  const aliases: Record<string, string> = {};
  const seen = new Set<string>();
  // The nearest file's paths win over those of the file it extends.
  for (let file: string | undefined = path.join(dir, 'tsconfig.json'); file !== undefined && !seen.has(file); ) {
    seen.add(file);
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { extends?: string; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
    const baseUrl = path.resolve(path.dirname(file), config.compilerOptions?.baseUrl ?? '.');
    for (const [alias, targets] of Object.entries(config.compilerOptions?.paths ?? {})) {
      if (!(alias in aliases) && targets[0] !== undefined && !alias.includes('*')) aliases[alias] = path.resolve(baseUrl, targets[0]);
    }
    file = config.extends?.startsWith('.') ? path.resolve(path.dirname(file), config.extends) : undefined;
  }
  return aliases;
}
