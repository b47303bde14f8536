/**
 * A small seeded pseudo-random generator (sfc32, 128-bit state), so the same `--seed` plans the
 * same demo ledger: the same partners, customers, commands, ids and times. Not for secrets.
 *
 * Each story (a partner, a partnership, a customer) gets its own generator derived from the seed
 * and the story's key, so what a story does never depends on how the concurrent stories were
 * interleaved while the demo ran.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string, ...keys: readonly (number | string)[]) {
    // Mix the seed and the keys into four 32-bit words (cyrb128-style string hashing).
    const text = [seed, ...keys].join('\u001f');
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < text.length; i += 1) {
      const k = text.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    this.a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
    this.b = (h2 ^ h1) >>> 0;
    this.c = (h3 ^ h1) >>> 0;
    this.d = (h4 ^ h1) >>> 0;
    // Discard the first outputs: they still carry the structure of the hash.
    for (let i = 0; i < 12; i += 1) this.nextUint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list.');
    return items[this.int(items.length)]!;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** A version-4-shaped UUID made of this generator's bits (deterministic for a seed). */
  uuid(): string {
    const w1 = this.nextUint32();
    const w2 = this.nextUint32();
    const w3 = this.nextUint32();
    const w4 = this.nextUint32();
    // Hex digits by table (a demo plans millions of ids): w1, w2's first four digits, "4" and w2's
    // last three, the variant (8–b) from w3's first digit, then w3's other seven digits and w4.
    return (
      HEX_BYTE[w1 >>> 24]! + HEX_BYTE[(w1 >>> 16) & 0xff]! + HEX_BYTE[(w1 >>> 8) & 0xff]! + HEX_BYTE[w1 & 0xff]! +
      '-' + HEX_BYTE[w2 >>> 24]! + HEX_BYTE[(w2 >>> 16) & 0xff]! +
      '-4' + HEX_DIGIT[(w2 >>> 8) & 0xf]! + HEX_BYTE[w2 & 0xff]! +
      '-' + HEX_DIGIT[((w3 >>> 28) & 0x3) | 0x8]! + HEX_DIGIT[(w3 >>> 24) & 0xf]! + HEX_BYTE[(w3 >>> 16) & 0xff]! +
      '-' + HEX_BYTE[(w3 >>> 8) & 0xff]! + HEX_BYTE[w3 & 0xff]! + HEX_BYTE[w4 >>> 24]! + HEX_BYTE[(w4 >>> 16) & 0xff]! + HEX_BYTE[(w4 >>> 8) & 0xff]! + HEX_BYTE[w4 & 0xff]!
    );
  }
}

const HEX_DIGIT = '0123456789abcdef';
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
