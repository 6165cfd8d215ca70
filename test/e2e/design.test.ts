/** Journey: design an invalid stack, see each problem at its layer, fix it, export the design. In Debian's Chromium. */
import { afterAll, beforeAll, it } from 'vitest';
import { launchLab, type LabSession } from './harness';
import { designJourney } from './journeys';
import { describeJourneys } from './steps';

describeJourneys('designing an architecture', () => {
  let lab: LabSession;

  beforeAll(async () => {
    lab = await launchLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('shows problems at the right layer, blocks training until they are fixed, and exports the design', () => designJourney(lab));
});
