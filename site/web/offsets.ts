// The engine positions findings by UTF-8 byte offset; CodeMirror counts UTF-16 code units.

const ascii = /^[\x00-\x7f]*$/;

/** Converts byte offsets in text to string indices. */
export class Offsets {
  private map: Uint32Array | null = null;

  constructor(private text: string) {
    if (!ascii.test(text)) {
      const m: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const c = text.codePointAt(i)!;
        const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        for (let k = 0; k < n; k++) m.push(i);
        if (c >= 0x10000) i++;
      }
      m.push(text.length);
      this.map = Uint32Array.from(m);
    }
  }

  /** index returns the string index of a byte offset, clamped to the text. */
  index(byteOffset: number): number {
    const o = Math.max(0, byteOffset | 0);
    if (!this.map) return Math.min(o, this.text.length);
    return this.map[o] ?? this.text.length;
  }
}
