/** Journey: define a small sweep from the designer, follow, pause, resume and cancel it, rank and compare its trials. In Debian's Chromium. */
import { afterAll, beforeAll, it } from 'vitest';
import { launchLab, type LabSession } from './harness';
import { sweepJourney } from './journeys-sweeps';
import { describeJourneys } from './steps';

describeJourneys('a sweep defined in the designer', () => {
  let lab: LabSession;

  beforeAll(async () => {
    lab = await launchLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('defines, follows, pauses, resumes, cancels, ranks and compares a sweep', () => sweepJourney(lab));
});
