// Builds minimal ELF shared objects (a .dynsym and its string table, nothing else) for the four
// class/byte-order combinations, so the ELF reader is tested beyond the x64 binaries on this machine.

export interface ElfSpec {
  wide: boolean;
  little: boolean;
  machine: number;
  /** Symbol names; a leading '!' marks an undefined (imported) symbol. */
  symbols: string[];
  /** e_type: 3 (shared object) unless given. */
  type?: number;
}

export function buildElf(spec: ElfSpec): Uint8Array {
  const { wide, little } = spec;
  const names = spec.symbols.map((s) => s.replace(/^!/, ''));
  const strtab = [0];
  const nameOffsets = names.map((name) => {
    const at = strtab.length;
    strtab.push(...Buffer.from(name, 'latin1'), 0);
    return at;
  });
  const ehsize = wide ? 64 : 52;
  const symsize = wide ? 24 : 16;
  const shsize = wide ? 64 : 40;
  const symOffset = ehsize;
  const symBytes = symsize * (names.length + 1);
  const strOffset = symOffset + symBytes;
  const shoff = strOffset + strtab.length;
  const buf = new Uint8Array(shoff + 3 * shsize);
  const v = new DataView(buf.buffer);
  const u16 = (o: number, x: number) => v.setUint16(o, x, little);
  const u32 = (o: number, x: number) => v.setUint32(o, x, little);
  const word = (o: number, x: number) => (wide ? v.setBigUint64(o, BigInt(x), little) : v.setUint32(o, x, little));
  buf.set([0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, little ? 1 : 2, 1]);
  u16(16, spec.type ?? 3);
  u16(18, spec.machine);
  u32(20, 1);
  word(wide ? 40 : 32, shoff);
  u16(wide ? 52 : 40, ehsize);
  u16(wide ? 58 : 46, shsize);
  u16(wide ? 60 : 48, 3);
  names.forEach((_, i) => {
    const at = symOffset + symsize * (i + 1);
    u32(at, nameOffsets[i]);
    u16(wide ? at + 6 : at + 14, spec.symbols[i].startsWith('!') ? 0 : 1);
  });
  buf.set(strtab, strOffset);
  const section = (i: number, type: number, offset: number, size: number, link: number, entsize: number) => {
    const at = shoff + i * shsize;
    u32(at + 4, type);
    word(wide ? at + 24 : at + 16, offset);
    word(wide ? at + 32 : at + 20, size);
    u32(wide ? at + 40 : at + 24, link);
    word(wide ? at + 56 : at + 36, entsize);
  };
  section(1, 11, symOffset, symBytes, 2, symsize);
  section(2, 3, strOffset, strtab.length, 0, 0);
  return buf;
}
