/** Journey: cancel a waiting and a running run; delete one and undo. In Debian's Chromium. */
import { afterAll, beforeAll, it } from 'vitest';
import { launchLab, type LabSession } from './harness';
import { cancelJourney } from './journeys';
import { describeJourneys } from './steps';

describeJourneys('cancelling runs', () => {
  let lab: LabSession;

  beforeAll(async () => {
    lab = await launchLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('cancels a queued run and a running run, and undoes a delete', () => cancelJourney(lab));
});
