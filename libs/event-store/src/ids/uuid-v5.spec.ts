import { randomBytes, randomUUID } from 'node:crypto';
import { v5 as uuidPackageV5 } from 'uuid';
import { COMMAND_EVENT_ID_NAMESPACE } from '../handle-command';
import { uuidV5 } from './uuid-v5';

/** The Idempotency-Key namespace of apps/ledger-api/src/commands/command-context.ts (kept in step by hand: a permanent constant). */
const IDEMPOTENT_COMMAND_NAMESPACE = '592ace84-9012-4513-8d8a-19f5ae4f3b13';
const NAMESPACES = [COMMAND_EVENT_ID_NAMESPACE, IDEMPOTENT_COMMAND_NAMESPACE, uuidPackageV5.DNS, uuidPackageV5.URL];

/** A string of random code points (BMP, astral, controls, newlines), well formed. */
function randomText(length: number): string {
  let text = '';
  for (const byte of randomBytes(length * 3)) {
    const pick = byte % 5;
    if (pick === 0) text += String.fromCodePoint(0x20 + (byte % 0x5f));
    else if (pick === 1) text += String.fromCodePoint(0x80 + byte * 7);
    else if (pick === 2) text += String.fromCodePoint(0x1f300 + byte);
    else if (pick === 3) text += '\n';
    else text += String.fromCodePoint(0x4e00 + byte * 13);
    if (text.length >= length) break;
  }
  return text;
}

describe('uuidV5 (deterministic ids: the same as the uuid package, byte for byte)', () => {
  it('gives the uuid package’s v5 for the names the ledger derives', () => {
    for (const namespace of NAMESPACES) {
      for (let i = 0; i < 500; i += 1) {
        const commandId = randomUUID();
        for (const name of [`${commandId}/${i % 7}`, `${commandId}/register-customer-tenant`, `partner\ncsp\nuser-${i}\nPOST\n/v1/customers/${commandId}\n${randomUUID()}`]) {
          expect(uuidV5(name, namespace)).toBe(uuidPackageV5(name, namespace));
        }
      }
    }
  });

  it('gives the uuid package’s v5 for any text: empty, long, non-ASCII, astral, with an upper-case namespace', () => {
    const names = ['', 'a', 'é', '😀', '\u0000', 'x'.repeat(10_000), ...Array.from({ length: 300 }, (_, i) => randomText(1 + (i % 97)))];
    for (const name of names) {
      expect(uuidV5(name, COMMAND_EVENT_ID_NAMESPACE)).toBe(uuidPackageV5(name, COMMAND_EVENT_ID_NAMESPACE));
      expect(uuidV5(name, IDEMPOTENT_COMMAND_NAMESPACE.toUpperCase())).toBe(uuidPackageV5(name, IDEMPOTENT_COMMAND_NAMESPACE));
    }
  });

  it('keeps known ids (a change here would break retries of commands recorded before it)', () => {
    expect(uuidV5('www.example.com', uuidPackageV5.DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('00000000-0000-4000-8000-000000000000/0', COMMAND_EVENT_ID_NAMESPACE)).toBe(uuidPackageV5('00000000-0000-4000-8000-000000000000/0', COMMAND_EVENT_ID_NAMESPACE));
  });

  it('refuses what the uuid package refuses: a lone surrogate in the name, a namespace that is not a UUID', () => {
    expect(() => uuidPackageV5('a\ud800', COMMAND_EVENT_ID_NAMESPACE)).toThrow(URIError);
    expect(() => uuidV5('a\ud800', COMMAND_EVENT_ID_NAMESPACE)).toThrow(URIError);
    expect(() => uuidV5('\udc00b', COMMAND_EVENT_ID_NAMESPACE)).toThrow(URIError);
    expect(() => uuidPackageV5('a', 'not-a-uuid')).toThrow(TypeError);
    expect(() => uuidV5('a', 'not-a-uuid')).toThrow(TypeError);
  });
});
