/**
 * What strings the emulator stores. SQLite's text functions (length, instr, substr) stop at a
 * NUL, and UTF-8 cannot hold a lone UTF-16 surrogate (it would be stored as U+FFFD), so such a
 * string would read back, filter and compare differently from what was sent. Both are refused
 * on write (and in filter literals); every other character, those beyond U+FFFF included, is fine.
 */

const UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableCharacter(text: string): string | undefined {
  if (!UNSTORABLE.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return `must not contain U+0000 (NUL), found at character ${i}`;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return `must not contain a lone surrogate (U+${unit.toString(16).toUpperCase()}), found at character ${i}`;
  }
  return undefined;
}

/** CEL's (and SQLite's) string order: by code point, where JavaScript compares UTF-16 units. */
export function compareByCodePoint(a: string, b: string): number {
  if (!/[\ud800-\udfff]/.test(a) && !/[\ud800-\udfff]/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done && q.done ? 0 : p.done ? -1 : 1;
    const difference = p.value.codePointAt(0)! - q.value.codePointAt(0)!;
    if (difference !== 0) return Math.sign(difference);
  }
}
