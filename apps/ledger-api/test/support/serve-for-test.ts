/*
 * Entry point of the API process the int tests start (see app-process.ts). Jest cannot load
 * NestJS 12 (an ES module) in its own module system on Node 20/22, so the app runs in a child
 * process, as `npm start` would, plus the test-only modules named in LEDGER_TEST_MODULES.
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { serve } from '../../src/main';

interface ModuleSpec {
  readonly file: string;
  readonly exportName: string;
}

async function main(): Promise<void> {
  const specs = JSON.parse(process.env.LEDGER_TEST_MODULES ?? '[]') as ModuleSpec[];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const modules = specs.map((spec) => (require(spec.file) as Record<string, new () => unknown>)[spec.exportName]!);
  const app = await serve(loadConfig(process.env), { modules });
  process.send?.({ type: 'listening', url: await app.getUrl() });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
