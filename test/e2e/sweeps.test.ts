/** Journey: define a small sweep from the designer, follow, pause, resume and cancel it, rank and compare its trials. In Debian's Chromium. */
import { it } from 'vitest';
import { sweepJourney } from './journeys-sweeps';
import { describeJourneys, useLab } from './steps';

describeJourneys('a sweep defined in the designer', () => {
  const lab = useLab();

  it('defines, follows, pauses, resumes, cancels, ranks and compares a sweep', () => sweepJourney(lab()));
});
