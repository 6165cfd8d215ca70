/** Journey: cancel a waiting and a running run; delete one and undo. In Debian's Chromium. */
import { it } from 'vitest';
import { cancelJourney } from './journeys';
import { describeJourneys, useLab } from './steps';

describeJourneys('cancelling runs', () => {
  const lab = useLab();

  it('cancels a queued run and a running run, and undoes a delete', () => cancelJourney(lab()));
});
