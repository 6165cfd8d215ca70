/**
 * How the contract's values cross a byte stream (the served page's WebSocket), keeping what
 * Electron's structured-clone IPC keeps and JSON loses: typed arrays (metric series, image
 * bytes) and NaN / +-Infinity (a diverged run's losses).
 *
 * A frame is: a 4-byte little-endian length N, N bytes of UTF-8 JSON, zero padding to a multiple
 * of 8, then the typed arrays' bytes, each padded to a multiple of 8. In the JSON, each typed
 * array is a placeholder naming its type, its byte offset in the binary part and its length, so a
 * 20-run Compare reply moves its half a million points as raw bytes, not as decimal text; on the
 * receiving side most arrays are views of the frame, not copies.
 */

const TAG = '$wire';

const TYPED = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
  u8c: Uint8ClampedArray,
} as const;
type TypedKind = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedKind]>;

type Placeholder = { [TAG]: TypedKind; at: number; n: number } | { [TAG]: 'num'; v: 'NaN' | 'Infinity' | '-Infinity' };

/** Thrown for bytes that are not a frame this codec wrote. */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

const kindOf = (value: unknown): TypedKind | null => {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  for (const kind of Object.keys(TYPED) as TypedKind[]) if (value.constructor === TYPED[kind]) return kind;
  return null;
};

const pad8 = (n: number): number => (n + 7) & ~7;

export function encodeFrame(value: unknown): Uint8Array {
  const arrays: AnyTyped[] = [];
  let binaryLength = 0;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { [TAG]: 'num', v: String(v) };
    const kind = kindOf(v);
    if (kind === null) return v;
    const typed = v as AnyTyped;
    const placeholder = { [TAG]: kind, at: binaryLength, n: typed.length };
    arrays.push(typed);
    binaryLength += pad8(typed.byteLength);
    return placeholder;
  });
  const text = new TextEncoder().encode(json ?? 'null');
  const head = pad8(4 + text.byteLength);
  const frame = new Uint8Array(head + binaryLength);
  new DataView(frame.buffer).setUint32(0, text.byteLength, true);
  frame.set(text, 4);
  let at = head;
  for (const typed of arrays) {
    frame.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), at);
    at += pad8(typed.byteLength);
  }
  return frame;
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new WireFormatError('A frame must start with its 4-byte length.');
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (4 + length > frame.byteLength) throw new WireFormatError('A frame is shorter than the length it declares.');
  const head = pad8(4 + length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + length));
  } catch {
    throw new WireFormatError('A frame\'s JSON is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, v: unknown) => (isPlaceholder(v) ? revive(v, frame, head) : v));
  } catch (error) {
    if (error instanceof WireFormatError) throw error;
    throw new WireFormatError('A frame\'s JSON does not parse.');
  }
  return parsed;
}

function isPlaceholder(v: unknown): v is Placeholder {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>)[TAG] === 'string';
}

function revive(p: Placeholder, frame: Uint8Array, head: number): number | AnyTyped {
  if (p[TAG] === 'num') {
    if (p.v === 'NaN') return NaN;
    if (p.v === 'Infinity') return Infinity;
    if (p.v === '-Infinity') return -Infinity;
    throw new WireFormatError('A frame holds an unknown special number.');
  }
  // Own keys only: "constructor" or "toString" must not pass for an array type.
  const Type = Object.hasOwn(TYPED, p[TAG]) ? TYPED[p[TAG] as keyof typeof TYPED] : undefined;
  if (!Type || !Number.isSafeInteger(p.at) || !Number.isSafeInteger(p.n) || p.at < 0 || p.n < 0 || p.at % 8 !== 0) {
    throw new WireFormatError('A frame holds a malformed array.');
  }
  const start = head + p.at;
  const bytes = p.n * Type.BYTES_PER_ELEMENT;
  if (start + bytes > frame.byteLength) throw new WireFormatError('A frame\'s array runs past its end.');
  const offset = frame.byteOffset + start;
  // A view where the frame's memory is aligned for the type (always, for frames this codec wrote
  // and a receiver got whole); a copy otherwise (Node may hand over a slice of a pooled buffer).
  if (offset % Type.BYTES_PER_ELEMENT === 0) return new Type(frame.buffer as ArrayBuffer, offset, p.n);
  return new Type(frame.slice(start, start + bytes).buffer, 0, p.n);
}
