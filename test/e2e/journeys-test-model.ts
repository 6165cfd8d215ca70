/**
 * Journeys on the Test screen: drop files (a real digit as a PNG and a text file named .png)
 * and draw a digit with the mouse. Every prediction shown is checked against what the app's own
 * `predict` call answers for the same bytes or pixels, so the journeys hold for any model.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { PredictionResult } from '../../common/ipc/contract';
import type { InkPolarity } from '../../common/image/levels';
import { mnistDigitPng, realWorldPhoto, textPretendingToBePng, type DroppedFile } from './digit-files';
import type { JourneySession } from './journeys';
import { designSmallRun, goTo, launchDesignedRun, listRuns, runRow, waitForRunEnd, waitForScreen } from './steps';

const TRAINING_TIMEOUT_MS = 280_000;
const PREDICTION_TIMEOUT_MS = 60_000;
const MODEL_RUN_NAME = 'digit reader';
/** MNIST test image 0, a clearly written 7. */
const DIGIT_INDEX = 0;

/** Trains the model the Test journeys use (a few thousand images, two epochs) and returns its run id. */
export async function trainModelToTest(session: JourneySession): Promise<number> {
  const { page } = session;
  await designSmallRun(page, { name: MODEL_RUN_NAME, learningRate: 0.003, epochs: 2, trainLimit: 2000, testLimit: 500, batchSize: 32, backend: 'wasm' });
  await launchDesignedRun(page);
  const run = (await listRuns(page)).find((candidate) => candidate.name === MODEL_RUN_NAME);
  expect(run).toBeDefined();
  const finished = await waitForRunEnd(page, run?.id ?? -1, TRAINING_TIMEOUT_MS);
  expect(finished.status).toBe('completed');
  return finished.id;
}

/** Drops files on an element as a drag from the desktop would: dragenter, dragover, drop. */
export async function dropFiles(target: Locator, files: DroppedFile[]): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, mimeType: file.mimeType, base64: file.bytes.toString('base64') }));
  await target.evaluate((element, list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const binary = atob(file.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new File([bytes], file.name, { type: file.mimeType }));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      element.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, payload);
}

/** What the app's predict call answers for these file bytes (with the ink read as `polarity`, if given), asked from the page. */
export async function predictFile(page: Page, runId: number, file: DroppedFile, polarity?: InkPolarity): Promise<PredictionResult> {
  const result = await page.evaluate(
    async ({ id, name, base64, polarity }) => {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return window.api.predict({ runId: id, model: 'final', images: [{ name, bytes, ...(polarity ? { polarity } : {}) }] });
    },
    { id: runId, name: file.name, base64: file.bytes.toString('base64'), polarity },
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value[0];
}

/** The card of one image, once its prediction (or its error) has arrived. */
export async function settledCard(page: Page, name: string): Promise<Locator> {
  const card = page.getByRole('article', { name: `Result for ${name}`, exact: true });
  await card.and(page.locator('[aria-busy="false"]')).waitFor({ timeout: PREDICTION_TIMEOUT_MS });
  return card;
}

const asPercent = (p: number): string => `${(p * 100).toFixed(1)}%`;

/** A card shows the 28x28 model input, ten bars that match the probabilities, and the predicted digit. */
export async function expectPredictionCard(card: Locator, expected: PredictionResult): Promise<void> {
  if (!expected.ok) throw new Error(`The app could not classify ${expected.file}: ${expected.error}`);
  await expect(card.getByRole('alert').count()).resolves.toBe(0);
  const input = card.getByRole('img', { name: 'What the model received, 28×28' });
  await expect(input.evaluate((image) => [(image as HTMLImageElement).naturalWidth, (image as HTMLImageElement).naturalHeight])).resolves.toEqual([28, 28]);
  const bars = card.getByRole('list', { name: 'Probability of each digit' }).getByRole('listitem');
  await expect(bars.count()).resolves.toBe(10);
  const shown = (await bars.allTextContents()).map((text) => text.replace(/\s+/g, ''));
  expect(shown).toEqual(expected.probabilities.map((p, digit) => `${digit}${asPercent(p)}`));
  await expect(card.getByLabel(/^Predicted digit \d$/).textContent()).resolves.toBe(String(expected.label));
  expect(expected.label).toBe(expected.probabilities.indexOf(Math.max(...expected.probabilities)));
  // Each view the model read, as a picture the browser decoded, with the digit it read alone.
  const views = card.getByRole('figure', { name: 'What each view read' });
  const pictures = views.getByRole('img');
  await expect(pictures.evaluateAll((images) => images.map((image) => [(image as HTMLImageElement).alt, (image as HTMLImageElement).naturalWidth]))).resolves.toEqual(
    expected.views.map((view) => [`View ${view.name}`, 28]),
  );
  for (const view of expected.views) await expect(views.getByLabel(`${view.name} reads ${view.label}`).count()).resolves.toBe(1);
  const agree = expected.views.filter((view) => view.label === expected.label).length;
  await expect(views.locator('figcaption').textContent()).resolves.toMatch(
    agree === expected.views.length ? `All ${agree} views read ${expected.label}` : `${agree} of ${expected.views.length} views read ${expected.label}`,
  );
}

export async function openTestScreenFromRuns(page: Page, runId: number): Promise<void> {
  const run = (await listRuns(page)).find((candidate) => candidate.id === runId);
  if (!run) throw new Error(`Run #${runId} is not in the store.`);
  await goTo(page, 'Runs');
  await runRow(page, run.name).getByRole('button', { name: run.name, exact: true }).click();
  await page.getByTestId('run-details').getByRole('button', { name: 'Test', exact: true }).click();
  await waitForScreen(page, 'Test');
}

/** Drop a real digit as a PNG and a text file named .png: a prediction for one, a clear message for the other. */
export async function dropImagesJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  await openTestScreenFromRuns(page, runId);
  await expect.poll(() => page.getByRole('button', { name: 'Choose images…' }).isEnabled()).toBe(true);
  await session.screenshot('test', '1-ready');

  const { file: digit, label: trueLabel } = await mnistDigitPng(DIGIT_INDEX);
  const notAnImage = textPretendingToBePng();
  await dropFiles(page.getByRole('region', { name: 'Drop images here' }), [digit, notAnImage]);

  const digitCard = await settledCard(page, digit.name);
  const textCard = await settledCard(page, notAnImage.name);
  await expect(page.getByRole('article', { name: /^Result for / }).count()).resolves.toBe(2);

  const expected = await predictFile(page, runId, digit);
  await expectPredictionCard(digitCard, expected);
  // Trained on 2,000 images the model reads this clear 7 right (seeded training, same answer every time).
  expect(expected.ok && expected.label).toBe(trueLabel);
  await expect(digitCard.getByRole('img', { name: `Original: ${digit.name}` }).evaluate((image) => (image as HTMLImageElement).naturalWidth)).resolves.toBe(160);

  // The text file: its own message in its card, and nothing that looks like a result.
  await expect(textCard.getByRole('alert').textContent()).resolves.toMatch(/^notes\.png is not an image/);
  await expect(textCard.getByRole('list', { name: 'Probability of each digit' }).count()).resolves.toBe(0);
  await expect(textCard.getByLabel(/^Predicted digit/).count()).resolves.toBe(0);
  await session.screenshot('test', '2-dropped');
  expect(session.pageErrors).toEqual([]);
}

/** The card shows the steps the image went through: ink found, cropped, normalised, centred. */
export async function expectReadingSteps(card: Locator): Promise<void> {
  const steps = card.getByRole('figure', { name: 'How the image was read' }).getByRole('img');
  await expect(steps.evaluateAll((images) => images.map((image) => (image as HTMLImageElement).alt))).resolves.toEqual(['Ink found', 'Cropped', 'Normalised', 'Centred 28×28']);
  // Every step is a real picture, decoded by the browser.
  const sizes = await steps.evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth));
  expect(sizes.every((width) => width > 0)).toBe(true);
}

/**
 * Drop a photo-like picture (chalk on a dark board, from the shipped real-world set): the card shows
 * how it was read, step by step; "Flip ink" reads it the other way round and back again, each time
 * showing what the app's predict answers for that polarity.
 */
export async function photoJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  await openTestScreenFromRuns(page, runId);
  await expect.poll(() => page.getByRole('button', { name: 'Choose images…' }).isEnabled()).toBe(true);
  const photo = await realWorldPhoto('light-on-dark-3-0.png');
  await dropFiles(page.getByRole('region', { name: 'Drop images here' }), [photo]);
  const card = await settledCard(page, photo.name);
  const auto = await predictFile(page, runId, photo);
  await expectPredictionCard(card, auto);
  expect(auto.ok && auto.polarity).toBe('light-on-dark');
  await expectReadingSteps(card);
  await expect(card.getByText('Read as light ink on a dark background.').count()).resolves.toBe(1);
  await session.screenshot('photo', '1-steps');

  await card.getByRole('button', { name: 'Flip ink' }).click();
  const flippedExpected = await predictFile(page, runId, photo, 'dark-on-light');
  if (flippedExpected.ok) {
    await card.getByText('Read as dark ink on light paper.').waitFor({ timeout: PREDICTION_TIMEOUT_MS });
    await expectPredictionCard(card, flippedExpected);
  } else {
    await expect.poll(() => card.getByRole('alert').textContent(), { timeout: PREDICTION_TIMEOUT_MS }).toBe(flippedExpected.error);
  }
  await session.screenshot('photo', '2-flipped');

  await card.getByRole('button', { name: 'Flip ink' }).click();
  await card.getByText('Read as light ink on a dark background.').waitFor({ timeout: PREDICTION_TIMEOUT_MS });
  await expectPredictionCard(card, auto);
  expect(session.pageErrors).toEqual([]);
}

/** Points of a "7" on the pad, as fractions of its size: the top bar, then the diagonal down. */
const SEVEN_STROKE = [
  [0.25, 0.22],
  [0.75, 0.22],
  [0.5, 0.82],
] as const;

/** Draw a 7 with the mouse: a prediction appears for the drawing, the same the app's predict gives for its pixels. */
export async function drawingJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  await goTo(page, 'Test');
  await page.getByLabel('Run', { exact: true }).selectOption(String(runId));
  const pad = page.getByLabel('Drawing pad: draw one digit with the mouse, a pen or a finger');
  await expect.poll(async () => (await pad.getAttribute('class')) ?? '').not.toContain('disabled');

  const box = await pad.boundingBox();
  if (!box) throw new Error('The drawing pad is not on screen.');
  const at = ([x, y]: readonly [number, number]): [number, number] => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(SEVEN_STROKE[0]));
  await page.mouse.down();
  for (const point of SEVEN_STROKE.slice(1)) await page.mouse.move(...at(point), { steps: 15 });
  await page.mouse.up();

  const card = await settledCard(page, 'Your drawing');
  // What the app answers for exactly the pixels on the pad.
  const expected = await page.evaluate(async (id) => {
    const canvas = document.querySelector('canvas[aria-label^="Drawing pad"]') as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('The drawing pad has no 2D context.');
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const data = new Uint8Array(image.data.buffer.slice(0));
    const result = await window.api.predict({ runId: id, model: 'final', images: [{ name: 'drawing', rgba: { width: image.width, height: image.height, data } }] });
    if (!result.ok) throw new Error(result.error.message);
    return result.value[0];
  }, runId);
  await expectPredictionCard(card, expected);
  // The stroke reached the model: its 28x28 input has ink.
  expect(expected.ok && Math.max(...expected.views[0].input)).toBeGreaterThan(0.5);
  await session.screenshot('draw', '1-seven');

  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await card.waitFor({ state: 'detached' });
  expect(session.pageErrors).toEqual([]);
}
