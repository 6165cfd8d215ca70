/** Journey: design an invalid stack, see each problem at its layer, fix it, export the design. In Debian's Chromium. */
import { it } from 'vitest';
import { designJourney } from './journeys';
import { describeJourneys, useLab } from './steps';

describeJourneys('designing an architecture', () => {
  const lab = useLab();

  it('shows problems at the right layer, blocks training until they are fixed, and exports the design', () => designJourney(lab()));
});
