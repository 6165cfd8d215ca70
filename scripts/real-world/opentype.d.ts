// opentype.js ships no types; this declares the little that scripts/real-world/outline.ts reads.
declare module 'opentype.js' {
  export type PathCommand =
    | { type: 'M' | 'L'; x: number; y: number }
    | { type: 'Q'; x1: number; y1: number; x: number; y: number }
    | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
    | { type: 'Z' };
  export interface Glyph {
    path: { commands: PathCommand[] };
  }
  export interface Font {
    charToGlyph(char: string): Glyph;
  }
  /** The package is CommonJS: Node hands it over as the default export. */
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}
