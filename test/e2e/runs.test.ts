/**
 * Journeys over finished runs, in Debian's Chromium: two small runs are trained through the
 * designer once, then found, starred, renamed (to names that look like HTML), compared,
 * evaluated and forked. The journeys run in order: each builds on the runs as the last left them.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { launchLab, type LabSession } from './harness';
import { evaluateJourney, forkJourney } from './journeys-evaluate-fork';
import { compareJourney, runsTableJourney, trainRunsToCompare, type RunPair } from './journeys-runs';
import { describeJourneys } from './steps';

describeJourneys('working with finished runs', () => {
  let lab: LabSession;
  let pair: RunPair;

  beforeAll(async () => {
    lab = await launchLab();
    pair = await trainRunsToCompare(lab);
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('finds a run by search and sort, stars, renames and tags it, showing HTML-like names as text', () => runsTableJourney(lab, pair));

  it('compares two runs: overlaid curves, only the differing settings, results and confusion matrices side by side', () =>
    compareJourney(lab, pair));

  it("opens a run's confusion matrix and shows the test images of an off-diagonal cell", () => evaluateJourney(lab, pair.secondId));

  it('forks a run into the designer with its exact layers and settings, and launches the fork', () => forkJourney(lab, pair.secondId));

  it('compares and evaluates the same way in dark mode', async () => {
    await lab.page.emulateMedia({ colorScheme: 'dark' });
    const dark: LabSession = { ...lab, screenshot: (journey, step) => lab.screenshot(`dark-${journey}`, step) };
    try {
      await compareJourney(dark, pair);
      await evaluateJourney(dark, pair.firstId);
    } finally {
      await lab.page.emulateMedia({ colorScheme: 'light' });
    }
  });
});
