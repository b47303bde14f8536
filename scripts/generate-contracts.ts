/**
 * `npm run contracts` (node -r @swc-node/register scripts/generate-contracts.ts): regenerates the
 * event contract in contracts/ from the TypeScript event types (see contracts-generator.ts).
 * Run it after changing a `*.events.ts` file, the envelope or an upcaster, and commit the result;
 * contracts/contracts.spec.ts fails while the committed files differ from what this writes.
 */
import { writeContracts } from './contracts-generator';

function main(): void {
  const started = Date.now();
  const { eventTypes, written, removed, unchanged } = writeContracts();
  for (const file of written) console.log(`wrote   ${file}`);
  for (const file of removed) console.log(`removed ${file}`);
  console.log(`${eventTypes} event types; ${written.length} file(s) written, ${removed.length} removed, ${unchanged} unchanged (${Date.now() - started} ms).`);
}

main();
