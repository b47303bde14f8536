import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates event envelopes against the committed contract files (envelope.schema.json and
 * events/<type>.schema.json) with ajv in strict mode: what a subscriber written in any language
 * would check. Used by the contract spec and the SSE int tests.
 */
export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly envelope: ValidateFunction;
  private readonly dataByType = new Map<string, ValidateFunction>();

  constructor(private readonly contractsDir: string = __dirname) {
    this.ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(this.ajv);
    this.envelope = this.ajv.compile(readJson(path.join(contractsDir, 'envelope.schema.json')));
  }

  /** The event types that have a schema file. */
  eventTypes(): string[] {
    return fs
      .readdirSync(path.join(this.contractsDir, 'events'))
      .filter((file) => file.endsWith('.schema.json'))
      .map((file) => file.slice(0, -'.schema.json'.length))
      .sort();
  }

  /** The problems of one envelope (empty when it conforms): the envelope schema, then its type's data schema. */
  problemsOf(envelope: unknown): string[] {
    const problems: string[] = [];
    if (!this.envelope(envelope)) problems.push(...this.ajv.errorsText(this.envelope.errors, { separator: '\n' }).split('\n').map((text) => `envelope: ${text}`));
    const type = (envelope as { type?: unknown })?.type;
    if (typeof type !== 'string') return problems;
    const validateData = this.dataValidator(type);
    if (!validateData) return [...problems, `no schema for event type ${type}`];
    const data = (envelope as { data?: unknown }).data;
    if (!validateData(data)) problems.push(...this.ajv.errorsText(validateData.errors, { separator: '\n', dataVar: 'data' }).split('\n').map((text) => `${type}: ${text}`));
    return problems;
  }

  private dataValidator(type: string): ValidateFunction | undefined {
    let validate = this.dataByType.get(type);
    if (!validate) {
      const file = path.join(this.contractsDir, 'events', `${type}.schema.json`);
      if (!fs.existsSync(file)) return undefined;
      validate = this.ajv.compile(readJson(file));
      this.dataByType.set(type, validate);
    }
    return validate;
  }
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
