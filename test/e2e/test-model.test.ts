/**
 * Journeys on the Test screen, in Debian's Chromium: one small model is trained through the
 * designer, then a real digit PNG and a text file are dropped on it, a 7 is drawn on the pad, photos
 * (one phone-sized) are read step by step, and the run's real-world score is shown.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { launchLab, type LabSession } from './harness';
import { drawingJourney, dropImagesJourney, photoJourney, trainModelToTest } from './journeys-test-model';
import { phonePhotoJourney, realWorldScoreJourney } from './journeys-real-world';
import { describeJourneys } from './steps';

describeJourneys('testing a saved model on your own images', () => {
  let lab: LabSession;
  let runId: number;

  beforeAll(async () => {
    lab = await launchLab();
    runId = await trainModelToTest(lab);
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('predicts a dropped PNG of a digit and explains why a text file named .png cannot be read', () => dropImagesJourney(lab, runId));

  it('predicts a digit drawn with the mouse', () => drawingJourney(lab, runId));

  it('shows how a photo-like picture was read, and flips its ink', () => photoJourney(lab, runId));

  it('reads a 12 MP phone photo step by step and flips its ink', () => phonePhotoJourney(lab, runId));

  it('shows the run\'s real-world score next to its test accuracy, and per style in its details', () => realWorldScoreJourney(lab, runId));

  it('shows the results the same way in dark mode', async () => {
    await lab.page.emulateMedia({ colorScheme: 'dark' });
    const dark: LabSession = { ...lab, screenshot: (journey, step) => lab.screenshot(`dark-${journey}`, step) };
    try {
      await dropImagesJourney(dark, runId);
      await drawingJourney(dark, runId);
    } finally {
      await lab.page.emulateMedia({ colorScheme: 'light' });
    }
  });
});
