/**
 * Reads which runtime a compiled Node addon (.node) was built for, without loading it: loading an
 * addon of the wrong ABI throws (or worse, crashes) inside the runtime, and the app must be able to
 * say what is wrong before that. A node-gyp addon exports `node_register_module_v<ABI>` (115 for
 * Node 20, 150 for Electron 45); a Node-API addon exports `napi_register_module_v1` and loads in any
 * runtime. ELF (Linux), Mach-O (macOS, including universal binaries) and PE (Windows) are read from
 * their symbol and export tables; anything else is reported as not an addon, with the reason.
 */

export type AddonFormat = 'elf' | 'mach-o' | 'pe';

export interface AddonInfo {
  format: AddonFormat;
  /** Node's names (process.arch): x64, arm64, ia32, arm, ... Universal Mach-O files list every slice. */
  archs: string[];
  /** Node's name (process.platform) of the OS the format belongs to. */
  platform: 'linux' | 'darwin' | 'win32';
  /** node-abi: tied to one runtime ABI; napi: ABI-stable; unknown: an object file exporting neither. */
  kind: 'node-abi' | 'napi' | 'unknown';
  /** The NODE_MODULE_VERSION of a node-abi addon, else null. */
  abi: number | null;
}

export type AddonReading = { ok: true; info: AddonInfo } | { ok: false; reason: string };

const NODE_SYMBOL = /^_?node_register_module_v(\d+)$/;
const NAPI_SYMBOLS = new Set(['napi_register_module_v1', '_napi_register_module_v1']);
/** Old-style Node-API addons register from a static constructor through this import. */
const NAPI_IMPORTS = new Set(['napi_module_register', '_napi_module_register']);

class Truncated extends Error {}

/** Bounds-checked reads: a truncated or corrupt file reports "truncated" instead of reading garbage. */
class Reader {
  private readonly view: DataView;
  constructor(
    readonly buf: Uint8Array,
    readonly little: boolean,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private check(offset: number, size: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + size > this.buf.byteLength) throw new Truncated();
  }
  u8(o: number): number {
    this.check(o, 1);
    return this.view.getUint8(o);
  }
  u16(o: number): number {
    this.check(o, 2);
    return this.view.getUint16(o, this.little);
  }
  u32(o: number): number {
    this.check(o, 4);
    return this.view.getUint32(o, this.little);
  }
  u64(o: number): number {
    this.check(o, 8);
    const value = this.view.getBigUint64(o, this.little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Truncated();
    return Number(value);
  }
  /** A NUL-terminated name at `o`, never reading past `end`. */
  cstring(o: number, end = this.buf.byteLength): string {
    this.check(o, 0);
    let stop = o;
    const limit = Math.min(end, this.buf.byteLength);
    while (stop < limit && this.buf[stop] !== 0) stop++;
    if (stop >= limit) throw new Truncated();
    return String.fromCharCode(...this.buf.subarray(o, Math.min(stop, o + 256)));
  }
}

interface SymbolName {
  name: string;
  defined: boolean;
}

/** What a list of symbol names says about the addon. */
function classify(symbols: SymbolName[]): Pick<AddonInfo, 'kind' | 'abi'> {
  for (const { name, defined } of symbols) {
    const match = defined ? NODE_SYMBOL.exec(name) : null;
    if (match) return { kind: 'node-abi', abi: Number(match[1]) };
  }
  const napi = symbols.some((s) => (s.defined && NAPI_SYMBOLS.has(s.name)) || (!s.defined && NAPI_IMPORTS.has(s.name)));
  return { kind: napi ? 'napi' : 'unknown', abi: null };
}

// ---- ELF ----

const ELF_MACHINES: Record<number, string> = { 3: 'ia32', 8: 'mips', 20: 'ppc', 21: 'ppc64', 22: 's390x', 40: 'arm', 62: 'x64', 183: 'arm64', 243: 'riscv64', 258: 'loong64' };
const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;

function readElf(buf: Uint8Array): AddonReading {
  const elfClass = buf[4];
  const data = buf[5];
  if ((elfClass !== 1 && elfClass !== 2) || (data !== 1 && data !== 2)) return { ok: false, reason: 'an ELF file with an invalid class or byte order' };
  const wide = elfClass === 2;
  const r = new Reader(buf, data === 1);
  const type = r.u16(16);
  if (type !== 3) return { ok: false, reason: `an ELF file that is not a shared object (e_type ${type})` };
  const arch = ELF_MACHINES[r.u16(18)] ?? `elf-machine-${r.u16(18)}`;
  const shoff = wide ? r.u64(40) : r.u32(32);
  const shentsize = r.u16(wide ? 58 : 46);
  const shnum = r.u16(wide ? 60 : 48);
  if (shoff === 0 || shnum === 0) return { ok: false, reason: 'an ELF shared object without section headers' };
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return wide
      ? { type: r.u32(at + 4), offset: r.u64(at + 24), size: r.u64(at + 32), link: r.u32(at + 40), entsize: r.u64(at + 56) }
      : { type: r.u32(at + 4), offset: r.u32(at + 16), size: r.u32(at + 20), link: r.u32(at + 24), entsize: r.u32(at + 36) };
  };
  const symbols: SymbolName[] = [];
  for (let i = 0; i < shnum; i++) {
    const sym = section(i);
    if (sym.type !== SHT_DYNSYM && sym.type !== SHT_SYMTAB) continue;
    if (sym.link >= shnum) throw new Truncated();
    const strings = section(sym.link);
    const entsize = sym.entsize || (wide ? 24 : 16);
    if (sym.offset + sym.size > buf.byteLength || strings.offset + strings.size > buf.byteLength) throw new Truncated();
    for (let at = sym.offset + entsize; at + entsize <= sym.offset + sym.size; at += entsize) {
      const nameOffset = r.u32(at);
      const shndx = r.u16(wide ? at + 6 : at + 14);
      if (nameOffset === 0 || nameOffset >= strings.size) continue;
      symbols.push({ name: r.cstring(strings.offset + nameOffset, strings.offset + strings.size), defined: shndx !== 0 });
    }
  }
  return { ok: true, info: { format: 'elf', archs: [arch], platform: 'linux', ...classify(symbols) } };
}

// ---- Mach-O ----

const CPU_ARCH_ABI64 = 0x01000000;
const MACH_CPUS: Record<number, string> = { 7: 'ia32', [7 | CPU_ARCH_ABI64]: 'x64', 12: 'arm', [12 | CPU_ARCH_ABI64]: 'arm64', 18: 'ppc', [18 | CPU_ARCH_ABI64]: 'ppc64' };
const LC_SYMTAB = 0x2;

function machArch(cpu: number): string {
  return MACH_CPUS[cpu] ?? `mach-cpu-${cpu}`;
}

function readMachSlice(buf: Uint8Array): AddonReading {
  const magicBE = new Reader(buf, false).u32(0);
  const little = magicBE === 0xcefaedfe || magicBE === 0xcffaedfe;
  const r = new Reader(buf, little);
  const wide = r.u32(0) === 0xfeedfacf;
  const cpu = r.u32(4);
  const filetype = r.u32(12);
  // MH_DYLIB (6) and MH_BUNDLE (8) are what node-gyp produces; an executable is not an addon.
  if (filetype !== 6 && filetype !== 8) return { ok: false, reason: `a Mach-O file that is not a bundle or dylib (filetype ${filetype})` };
  const ncmds = r.u32(16);
  let at = wide ? 32 : 28;
  const symbols: SymbolName[] = [];
  for (let i = 0; i < ncmds; i++) {
    const cmd = r.u32(at);
    const size = r.u32(at + 4);
    if (size < 8) throw new Truncated();
    if (cmd === LC_SYMTAB) {
      const [symoff, nsyms, stroff, strsize] = [r.u32(at + 8), r.u32(at + 12), r.u32(at + 16), r.u32(at + 20)];
      const entsize = wide ? 16 : 12;
      for (let s = 0; s < nsyms; s++) {
        const entry = symoff + s * entsize;
        const strx = r.u32(entry);
        const type = r.u8(entry + 4);
        if (strx === 0 || strx >= strsize || type & 0xe0) continue; // 0xe0: debugging (stab) entries
        symbols.push({ name: r.cstring(stroff + strx, stroff + strsize), defined: (type & 0x0e) !== 0 });
      }
    }
    at += size;
  }
  return { ok: true, info: { format: 'mach-o', archs: [machArch(cpu)], platform: 'darwin', ...classify(symbols) } };
}

/** A universal binary: one slice per architecture. The slice for `arch` is classified (else the first). */
function readFat(buf: Uint8Array, arch?: string): AddonReading {
  const r = new Reader(buf, false);
  const wide = r.u32(0) === 0xcafebabf;
  const count = r.u32(4);
  // Java class files share the 0xcafebabe magic; their "count" is a version number well above 30.
  if (count === 0 || count > 30) return { ok: false, reason: 'not a compiled addon (0xcafebabe file that is not a universal binary)' };
  const slices = Array.from({ length: count }, (_, i) => {
    const at = 8 + i * (wide ? 32 : 20);
    return { arch: machArch(r.u32(at)), offset: wide ? r.u64(at + 8) : r.u32(at + 8), size: wide ? r.u64(at + 16) : r.u32(at + 12) };
  });
  const chosen = slices.find((s) => s.arch === arch) ?? slices[0];
  if (chosen.offset + chosen.size > buf.byteLength) throw new Truncated();
  const reading = readMachSlice(buf.subarray(chosen.offset, chosen.offset + chosen.size));
  if (!reading.ok) return reading;
  return { ok: true, info: { ...reading.info, archs: slices.map((s) => s.arch) } };
}

// ---- PE ----

const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };

function readPe(buf: Uint8Array): AddonReading {
  const r = new Reader(buf, true);
  const pe = r.u32(0x3c);
  if (r.u32(pe) !== 0x00004550) return { ok: false, reason: 'an MZ file without a PE header (not a Windows DLL)' };
  const coff = pe + 4;
  const machine = r.u16(coff);
  const sectionCount = r.u16(coff + 2);
  const optionalSize = r.u16(coff + 16);
  const characteristics = r.u16(coff + 18);
  if (!(characteristics & 0x2000)) return { ok: false, reason: 'a Windows executable that is not a DLL' };
  const optional = coff + 20;
  const magic = r.u16(optional);
  if (magic !== 0x10b && magic !== 0x20b) return { ok: false, reason: 'a PE file with an unknown optional header' };
  const exportDir = optional + (magic === 0x20b ? 112 : 96);
  const exportRva = r.u32(exportDir);
  const sectionsAt = optional + optionalSize;
  const toOffset = (rva: number): number => {
    for (let i = 0; i < sectionCount; i++) {
      const s = sectionsAt + i * 40;
      const [vsize, vaddr, rawSize, rawPtr] = [r.u32(s + 8), r.u32(s + 12), r.u32(s + 16), r.u32(s + 20)];
      if (rva >= vaddr && rva < vaddr + Math.max(vsize, rawSize)) return rva - vaddr + rawPtr;
    }
    throw new Truncated();
  };
  const symbols: SymbolName[] = [];
  if (exportRva !== 0) {
    const dir = toOffset(exportRva);
    const names = r.u32(dir + 24);
    const nameTable = toOffset(r.u32(dir + 32));
    for (let i = 0; i < names; i++) symbols.push({ name: r.cstring(toOffset(r.u32(nameTable + i * 4))), defined: true });
  }
  const arch = PE_MACHINES[machine] ?? `pe-machine-0x${machine.toString(16)}`;
  return { ok: true, info: { format: 'pe', archs: [arch], platform: 'win32', ...classify(symbols) } };
}

/**
 * Reads a compiled addon's contents. `arch` picks the slice of a universal Mach-O file to classify.
 * Never throws: an unreadable file is `{ ok: false, reason }`.
 */
export function readAddon(buf: Uint8Array, arch?: string): AddonReading {
  try {
    if (buf.byteLength < 64) return { ok: false, reason: buf.byteLength === 0 ? 'the file is empty' : `the file is truncated (${buf.byteLength} bytes)` };
    const magic = new Reader(buf, false).u32(0);
    if (magic === 0x7f454c46) return readElf(buf);
    if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return readMachSlice(buf);
    if (magic === 0xcafebabe || magic === 0xcafebabf) return readFat(buf, arch);
    if (buf[0] === 0x4d && buf[1] === 0x5a) return readPe(buf);
    return { ok: false, reason: 'not a compiled addon (neither ELF, Mach-O nor PE)' };
  } catch (error) {
    if (error instanceof Truncated) return { ok: false, reason: 'the file is truncated or corrupt (its tables point past its end)' };
    throw error;
  }
}

/** Node's platform name for an addon format, for messages ("built for win32, this is linux"). */
export function describeAddon(info: AddonInfo): string {
  const abi = info.kind === 'node-abi' ? `ABI ${info.abi}` : info.kind === 'napi' ? 'Node-API (any ABI)' : 'no Node registration symbol';
  return `${info.platform}-${info.archs.join('+')}, ${abi}`;
}
