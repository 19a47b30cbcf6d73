/**
 * Merge-join of ordered SQL streams: a parent stream and child streams sorted on the same key are walked side by
 * side, so each parent gets its children without a map of every child in memory. Both sides must be ordered by
 * SQLite's BINARY collation (byte order of UTF-8), which `compareBinary` reproduces for JS strings.
 */

/**
 * Compares two strings in UTF-8 byte order, as SQLite's BINARY collation does. JS `<` compares UTF-16 code units,
 * which disagrees with UTF-8 order only between surrogate pairs (U+10000 and up) and U+E000..U+FFFF; ids are
 * nearly always ASCII, where both orders agree, but a wrong order would silently drop children.
 */
export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (astral code points) come after U+E000..U+FFFF in UTF-8 byte order.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * A child stream consumed in key order: `take(key)` returns the children of `key`, skipping children of keys that
 * never appear among the parents (for example the visits of a deleted deal).
 */
export class ChildCursor<C> {
  private readonly it: Iterator<C>;
  private head: C | undefined;
  private done = false;

  constructor(
    source: Iterable<C>,
    private readonly keyOf: (child: C) => string,
  ) {
    this.it = source[Symbol.iterator]();
    this.advance();
  }

  private advance(): void {
    const r = this.it.next();
    if (r.done) {
      this.done = true;
      this.head = undefined;
    } else this.head = r.value;
  }

  /** Children whose key equals `key`; keys must be asked in ascending order. */
  take(key: string): C[] {
    const out: C[] = [];
    while (!this.done && this.head !== undefined) {
      const c = compareBinary(this.keyOf(this.head), key);
      if (c > 0) break;
      if (c === 0) out.push(this.head);
      this.advance();
    }
    return out;
  }

  /** Stops the underlying statement early (a consumer that breaks out of its loop). */
  close(): void {
    if (!this.done) this.it.return?.();
    this.done = true;
  }
}

/** A re-iterable view: every `for...of` calls `open()` again, which re-runs the streaming queries. */
export function reiterable<T>(open: () => Generator<T>): Iterable<T> {
  return { [Symbol.iterator]: open };
}
