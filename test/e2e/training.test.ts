/** Journey: launch a small run, watch it live, let it finish, find it in the table, fork it. In Debian's Chromium. */
import { afterAll, beforeAll, it } from 'vitest';
import { launchLab, type LabSession } from './harness';
import { trainingJourney } from './journeys';
import { describeJourneys } from './steps';

describeJourneys('training a run from the designer', () => {
  let lab: LabSession;

  beforeAll(async () => {
    lab = await launchLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('launches, shows live progress, finishes, appears in the table and forks', () => trainingJourney(lab));
});
