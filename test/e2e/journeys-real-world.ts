/**
 * Journeys for people's own digits: a phone-sized photo dropped on the Test screen is read step by
 * step and its ink can be flipped; every run shows its real-world score next to its test accuracy.
 * Figures on screen are checked against what the app's own calls answer, so they hold for any model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResults } from '../../common/training/run';
import { percent } from '../../common/format/numbers';
import { phonePhoto } from './digit-files';
import type { JourneySession } from './journeys';
import { dropFiles, expectPredictionCard, expectReadingSteps, openTestScreenFromRuns, predictFile, settledCard } from './journeys-test-model';
import { goTo, runRow } from './steps';
import { MANIFEST_FILE, realWorldSetDir, type RealWorldManifest } from '../../main/inference/real-world-set';

const PREDICTION_TIMEOUT_MS = 60_000;

/** A 12 MP phone photo of a pen digit in a shadow: read, steps shown, ink flipped and back. */
export async function phonePhotoJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  await openTestScreenFromRuns(page, runId);
  await expect.poll(() => page.getByRole('button', { name: 'Choose images…' }).isEnabled()).toBe(true);
  const photo = await phonePhoto('shadow-4-0.png');
  expect(photo.bytes.length).toBeGreaterThan(1_000_000);
  await dropFiles(page.getByRole('region', { name: 'Drop images here' }), [photo]);
  const card = await settledCard(page, photo.name);
  const auto = await predictFile(page, runId, photo);
  await expectPredictionCard(card, auto);
  expect(auto.ok && auto.polarity).toBe('dark-on-light');
  await expectReadingSteps(card);
  await expect(card.getByText('Read as dark ink on light paper.').count()).resolves.toBe(1);
  await session.screenshot('phone-photo', '1-steps');

  await card.getByRole('button', { name: 'Flip ink' }).click();
  const flipped = await predictFile(page, runId, photo, 'light-on-dark');
  if (flipped.ok) {
    await card.getByText('Read as light ink on a dark background.').waitFor({ timeout: PREDICTION_TIMEOUT_MS });
    await expectPredictionCard(card, flipped);
  } else {
    await expect.poll(() => card.getByRole('alert').textContent(), { timeout: PREDICTION_TIMEOUT_MS }).toBe(flipped.error);
  }
  await session.screenshot('phone-photo', '2-flipped');
  await card.getByRole('button', { name: 'Flip ink' }).click();
  await card.getByText('Read as dark ink on light paper.').waitFor({ timeout: PREDICTION_TIMEOUT_MS });
  await expectPredictionCard(card, auto);
  expect(session.pageErrors).toEqual([]);
}

/** The run's real-world accuracy in the Runs table next to its test accuracy, and per style in its details. */
export async function realWorldScoreJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  const answer = await page.evaluate((id) => window.api.getRunResults(id), runId);
  if (!answer.ok) throw new Error(answer.error.message);
  const run: RunResults = answer.value;
  if (!run.realWorld?.ok) throw new Error(`Run ${runId} has no real-world score: ${JSON.stringify(run.realWorld)}`);
  const manifest = JSON.parse(readFileSync(join(realWorldSetDir(), MANIFEST_FILE), 'utf8')) as RealWorldManifest;
  expect(run.realWorld.total).toBe(manifest.images.length);

  await goTo(page, 'Runs');
  const headers = (await page.getByTestId('runs-table').locator('thead th').allTextContents()).map((text) => text.trim());
  const testColumn = headers.findIndex((text) => text.startsWith('Test acc'));
  expect(headers[testColumn + 1]).toMatch(/^Real-world/);
  const row = runRow(page, run.name);
  const cells = await row.locator('td').allTextContents();
  expect(cells[testColumn].trim()).toBe(percent(run.testAccuracy));
  expect(cells[testColumn + 1].trim()).toBe(percent(run.realWorldAccuracy));

  await row.getByRole('button', { name: run.name, exact: true }).click();
  const details = page.getByTestId('run-details');
  await expect(details.getByTestId('detail-real-world').textContent()).resolves.toBe(percent(run.realWorldAccuracy));
  const styles = details.getByTestId('real-world-score').getByRole('listitem');
  await expect.poll(() => styles.count()).toBe(run.realWorld.styles.length);
  const shown = (await styles.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
  expect(shown).toEqual(run.realWorld.styles.map((s) => `${s.style} ${percent(s.correct / s.total, 0)}`));
  await details.getByTestId('real-world-score').scrollIntoViewIfNeeded();
  await session.screenshot('real-world', '1-run-details');
  expect(session.pageErrors).toEqual([]);
}
