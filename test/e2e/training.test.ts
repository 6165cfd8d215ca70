/** Journey: launch a small run, watch it live, let it finish, find it in the table, fork it. In Debian's Chromium. */
import { it } from 'vitest';
import { trainingJourney } from './journeys';
import { describeJourneys, useLab } from './steps';

describeJourneys('training a run from the designer', () => {
  const lab = useLab();

  it('launches, shows live progress, finishes, appears in the table and forks', () => trainingJourney(lab()));
});
