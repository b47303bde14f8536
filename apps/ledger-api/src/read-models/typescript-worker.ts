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
  return new Worker(TYPESCRIPT_BOOTSTRAP, {
    ...options,
    eval: true,
    execArgv: withoutPerProcessFlags(withoutTypeScriptLoader(options.execArgv ?? process.execArgv)),
    workerData: { ...options.workerData, typescriptWorker: { script, aliases: pathAliases(script), swcOptions: SWC_OPTIONS } },
  });
}

/**
 * V8 heap sizes given on the command line (`npm run start:lean`): Node refuses them in a worker's
 * `execArgv` (ERR_WORKER_INVALID_EXEC_ARGV) — a worker's heap is set by `resourceLimits` instead.
 */
const PER_PROCESS_FLAG = /^--(max-old-space-size|max-semi-space-size|max-young-generation-size|stack-size)(=|$)/;

/** `execArgv` without the V8 heap flags a worker may not be given (they are `--flag=value`). */
export function withoutPerProcessFlags(execArgv: readonly string[]): string[] {
  return execArgv.filter((arg) => !PER_PROCESS_FLAG.test(arg));
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
