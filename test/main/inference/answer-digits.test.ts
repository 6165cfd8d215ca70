import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PreprocessOptions } from '../../../common/image/preprocess';
import { READING_VIEWS } from '../../../common/image/views';
import { answerDigits, meanOfViews, predictBatch, prepareDigit, prepareDigitsHere, readDigits, type PrepareDigits } from '../../../main/inference/read-digit';
import { loadRealWorldSet, scoreByStyle, scoreRealWorld } from '../../../main/inference/real-world-set';

/** A small fixed model: the same weights every run (seeded), so its answers vary from picture to picture. */
const model = tf.sequential({
  layers: [
    tf.layers.flatten({ inputShape: [28, 28, 1] }),
    tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }),
    tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) }),
  ],
});
afterAll(() => model.dispose());

describe('reading pictures for a score, without the step pictures', () => {
  it('gives every picture of the real-world set the same 28x28 input, bit for bit, as the Test screen reading', async () => {
    const { images } = await loadRealWorldSet();
    for (const image of images) {
      const [shown, scored] = [await prepareDigit(image), await prepareDigit(image, { steps: false })];
      expect(scored.ok, image.name).toBe(shown.ok);
      if (!shown.ok || !scored.ok) {
        expect(scored).toEqual(shown);
        continue;
      }
      expect(shown.prepared.steps).not.toBeNull();
      expect(scored.prepared.steps).toBeNull();
      const { pixels: a, ...shownRest } = shown.prepared;
      const { pixels: b, ...scoredRest } = scored.prepared;
      expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength)), image.name).toBe(true);
      expect({ ...scoredRest, steps: null }).toEqual({ ...shownRest, steps: null });
    }
  });

  it('answers every picture as the Test screen reading does, and scores the set the same both ways', async () => {
    const { manifest, images } = await loadRealWorldSet();
    const shown = await readDigits(tf, model, images);
    const answers = await answerDigits(tf, model, images);
    expect(answers.map(({ file, ok }) => ({ file, ok }))).toEqual(shown.map(({ file, ok }) => ({ file, ok })));
    answers.forEach((answer, i) => {
      const full = shown[i];
      if (full.ok && answer.ok) expect({ label: answer.label, probabilities: answer.probabilities }).toEqual({ label: full.label, probabilities: full.probabilities });
      else expect(answer).toEqual(full);
    });
    // The fixed model reads the pictures as different digits: the comparison above covers more than one answer.
    expect(new Set(answers.map((a) => (a.ok ? a.label : -1))).size).toBeGreaterThan(2);
    expect(await scoreRealWorld(tf, model, 'final')).toEqual(scoreByStyle(manifest, shown, 'final', READING_VIEWS.length));
  });

  it('asks the threads that read the pictures for no step pictures, and the Test screen reading always for them', async () => {
    const { images } = await loadRealWorldSet();
    const some = images.filter((_, i) => i % 40 === 0);
    const asked: PreprocessOptions[] = [];
    const spy: PrepareDigits = (list, options) => {
      asked.push(options);
      return prepareDigitsHere(list, options);
    };
    await answerDigits(tf, model, some, { steps: true }, spy);
    const shown = await readDigits(tf, model, some, { steps: false }, spy);
    expect(asked.map((o) => o.steps)).toEqual([false, true]);
    expect(shown.every((r) => !r.ok || r.steps.ink.pixels.length > 0)).toBe(true);
  });
});

describe('reading a picture in several views', () => {
  it('answers with the mean of the model’s probabilities over the picture’s views', async () => {
    const { images } = await loadRealWorldSet();
    const some = images.filter((_, i) => i % 60 === 0);
    const answers = await readDigits(tf, model, some);
    let compared = 0;
    for (const [i, image] of some.entries()) {
      const digit = await prepareDigit(image);
      const answer = answers[i];
      if (!digit.ok || !answer.ok) continue;
      expect(digit.prepared.views).toHaveLength(READING_VIEWS.length);
      const perView = predictBatch(tf, model, digit.prepared.views);
      const mean = perView[0].map((_, k) => perView.reduce((sum, row) => sum + row[k], 0) / perView.length);
      answer.probabilities.forEach((p, k) => expect(p).toBeCloseTo(mean[k], 6));
      expect(answer.label).toBe(mean.indexOf(Math.max(...mean)));
      // Each view is shown with its input and what the model read in it alone; the first is the reading itself.
      expect(answer.views.map((v) => v.name)).toEqual([...READING_VIEWS]);
      expect(answer.views[0].input).toEqual(Array.from(digit.prepared.pixels));
      answer.views.forEach((v, k) => {
        expect(v.input).toEqual(Array.from(digit.prepared.views[k]));
        expect(v.label).toBe(perView[k].indexOf(Math.max(...perView[k])));
        expect(v.probability).toBe(perView[k][v.label]);
      });
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('answers with the one reading’s probabilities when the views are switched off', async () => {
    const { images } = await loadRealWorldSet();
    const [answer] = await answerDigits(tf, model, images.slice(0, 1), { skip: ['views'] });
    const digit = await prepareDigit(images[0], { skip: ['views'] });
    if (!answer.ok || !digit.ok) throw new Error('the first picture of the set reads as a digit');
    expect(answer.probabilities).toEqual(predictBatch(tf, model, [digit.prepared.pixels])[0]);
  });

  it('averages a picture’s views class by class', () => {
    const mean = meanOfViews([[0.2, 0.8], [0.4, 0.6], [0.6, 0.4]]);
    expect(mean.map((p) => Math.round(p * 1e9) / 1e9)).toEqual([0.4, 0.6]);
  });
});
