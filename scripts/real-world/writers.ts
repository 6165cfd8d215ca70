/**
 * The writers of the real-world set: digits of handwriting fonts that were designed from real
 * people's handwriting (OFL fonts from @fontsource npm packages, devDependencies read only by
 * scripts/make-real-world-set.ts), each drawn with a random hand (size, aspect, slant, rotation,
 * wobble, thicker or thinner pen, position) and one of the set's photo looks. Some fonts are held
 * out: choices (a reading step, augmentation) are made on the `writers` style and confirmed on
 * `held-out-writers`, whose shapes they were never tuned on.
 */
import { join, resolve } from 'node:path';
import { changeStroke, fillContours, type Contour } from './fill';
import { readDigitOutlines, type DigitOutline } from './outline';
import { createRng } from '../../common/training/random';
import { STYLES, type Picture } from './styles';

export const WRITERS_STYLE = 'writers';
export const HELD_OUT_STYLE = 'held-out-writers';

export interface WriterFont {
  /** The @fontsource package's name, and the font's family. */
  id: string;
  family: string;
  style: typeof WRITERS_STYLE | typeof HELD_OUT_STYLE;
}

const font = (id: string, family: string, style: WriterFont['style'] = WRITERS_STYLE): WriterFont => ({ id, family, style });

/** Every one SIL Open Font License 1.1 (each package's LICENSE and package.json say so). */
export const WRITER_FONTS: WriterFont[] = [
  font('caveat', 'Caveat'),
  font('indie-flower', 'Indie Flower'),
  font('shadows-into-light', 'Shadows Into Light'),
  font('reenie-beanie', 'Reenie Beanie'),
  font('gochi-hand', 'Gochi Hand'),
  font('patrick-hand', 'Patrick Hand'),
  font('kalam', 'Kalam'),
  font('covered-by-your-grace', 'Covered By Your Grace'),
  font('architects-daughter', 'Architects Daughter'),
  font('the-girl-next-door', 'The Girl Next Door'),
  font('cedarville-cursive', 'Cedarville Cursive'),
  font('neucha', 'Neucha'),
  font('swanky-and-moo-moo', 'Swanky and Moo Moo'),
  font('gaegu', 'Gaegu'),
  font('gloria-hallelujah', 'Gloria Hallelujah', HELD_OUT_STYLE),
  font('sue-ellen-francisco', 'Sue Ellen Francisco', HELD_OUT_STYLE),
  font('handlee', 'Handlee', HELD_OUT_STYLE),
  font('mansalva', 'Mansalva', HELD_OUT_STYLE),
  font('annie-use-your-telescope', 'Annie Use Your Telescope', HELD_OUT_STYLE),
  font('nanum-pen-script', 'Nanum Pen Script', HELD_OUT_STYLE),
];

export const WRITER_STYLES = [
  { name: WRITERS_STYLE, about: `digits of ${WRITER_FONTS.filter((f) => f.style === WRITERS_STYLE).length} handwriting fonts made from real people's writing, random hands and photo looks` },
  { name: HELD_OUT_STYLE, about: `the same from ${WRITER_FONTS.filter((f) => f.style === HELD_OUT_STYLE).length} other fonts, held out to confirm what was chosen on writers` },
];

export const FONT_LICENCE = 'OFL-1.1';

/** The npm package the font comes from (a devDependency). */
export function fontPackage(f: WriterFont): string {
  return `@fontsource/${f.id}`;
}

/** The font's regular weight, Latin subset, as its package ships it. */
export function fontFile(f: WriterFont): string {
  return join(resolve(import.meta.dirname, '..', '..'), 'node_modules', fontPackage(f), 'files', `${f.id}-latin-400-normal.woff`);
}

export function loadWriter(f: WriterFont): DigitOutline[] {
  return readDigitOutlines(fontFile(f));
}

/** The photo looks a writer's digit gets, one at random: the set's procedural styles' paints. */
const LOOKS = ['pen', 'shadow', 'blur-jpeg', 'noisy-paper', 'blue-ink', 'light-on-dark', 'transparent'];
const CANVAS_SIDES = [96, 112, 128];

const between = (rng: () => number, lo: number, hi: number): number => lo + (hi - lo) * rng();

/** Where the hand puts the glyph: the outline in canvas pixels, and its height there. */
function placeGlyph(outline: DigitOutline, side: number, rng: () => number): { contours: Contour[]; height: number } {
  const height = side * between(rng, 0.4, 0.85);
  const width = Math.min(side * 0.9, height * outline.aspect * between(rng, 0.75, 1.25));
  const stretch = width / Math.max(outline.aspect, 1e-3);
  const shear = Math.tan((between(rng, -15, 28) * Math.PI) / 180);
  const turn = (between(rng, -12, 12) * Math.PI) / 180;
  const cx = side / 2 + between(rng, -0.08, 0.08) * side;
  const cy = side / 2 + between(rng, -0.08, 0.08) * side;
  // A smooth wobble over the glyph's box, the same field for every contour so strokes stay whole.
  const wobble = between(rng, 0.015, 0.05);
  const [fx, fy, px, py] = [between(rng, 0.6, 1.6), between(rng, 0.6, 1.6), rng(), rng()];
  const contours = outline.contours.map((c) =>
    c.map(([u, v]): [number, number] => {
      const wu = u + wobble * Math.sin(2 * Math.PI * (fy * v + px));
      const wv = v + wobble * Math.sin(2 * Math.PI * (fx * u + py));
      const x = (wu - outline.aspect / 2) * stretch + (0.5 - wv) * height * shear;
      const y = (wv - 0.5) * height;
      return [cx + x * Math.cos(turn) - y * Math.sin(turn), cy + x * Math.sin(turn) + y * Math.cos(turn)];
    }),
  );
  return { contours, height };
}

/** One writer's digit as a picture, with a random hand, pen and photo look. */
export function drawWriterDigit(outline: DigitOutline, rng: () => number): Picture {
  const side = CANVAS_SIDES[Math.floor(rng() * CANVAS_SIDES.length)];
  const { contours, height } = placeGlyph(outline, side, rng);
  // The font's own pen, made up to 45% thinner or twice as thick, within a fine pen and a marker.
  const pen = Math.min(0.25, Math.max(0.03, outline.stroke * between(rng, 0.55, 2)));
  const coverage = changeStroke(fillContours(contours, side, side), side, side, ((pen - outline.stroke) * height) / 2);
  const lookName = LOOKS[Math.floor(rng() * LOOKS.length)];
  const look = STYLES.find((s) => s.name === lookName);
  if (!look) throw new Error('A writers look names no style of styles.ts.');
  return look.paint(coverage, side, side, rng);
}

/** Each writer's picture has its own seed, so any one can be drawn again alone (the tests do). */
export function writerSeed(seed: number, fontIndex: number, label: number, sample: number): number {
  return (seed * 1_000_003 + fontIndex * 10_007 + label * 101 + sample) >>> 0;
}

/** Pictures per font and digit: more for the held-out fonts, which are fewer. */
export function writerSamples(f: WriterFont): number {
  return f.style === HELD_OUT_STYLE ? 3 : 2;
}

export function writerFileStem(f: WriterFont, label: number, sample: number): string {
  return `${f.style}-${label}-${f.id}-${sample}`;
}

/** The set's picture of one font's digit, sample `sample`: the same bytes for the same seed. */
export function drawWriterSample(seed: number, fontIndex: number, outlines: DigitOutline[], label: number, sample: number): Picture {
  return drawWriterDigit(outlines[label], createRng(writerSeed(seed, fontIndex, label, sample)));
}
