/** A one-line progress bar with ETA for `mnist-lab train` on a terminal (redrawn in place on stderr). */
import { decimal, duration, percent } from '../../common/format/numbers';
import type { TrainingEvent } from '../../common/training/run';

const WIDTH = 24;

export class ProgressBar {
  private epochs = 1;
  private lastLength = 0;

  constructor(private readonly write: (text: string) => void) {}

  update(event: TrainingEvent): void {
    if (event.type === 'started') this.epochs = event.epochs;
    if (event.type !== 'batch') return;
    const doneSteps = (event.epoch - 1) * event.batchesPerEpoch + event.batch;
    const totalSteps = this.epochs * event.batchesPerEpoch;
    const fraction = Math.min(1, doneSteps / totalSteps);
    const filled = Math.round(fraction * WIDTH);
    const eta = fraction > 0 ? (event.elapsedMs / fraction) * (1 - fraction) : null;
    const line =
      `epoch ${event.epoch}/${this.epochs} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${percent(fraction, 0)} ` +
      `loss ${decimal(event.loss, 3)} acc ${percent(event.accuracy, 1)} ${Math.round(event.samplesPerSec)} samples/s ETA ${duration(eta)}`;
    this.write(`\r${line.padEnd(this.lastLength)}`);
    this.lastLength = line.length;
  }

  /** Clears the bar so a normal line can be printed. */
  clear(): void {
    if (this.lastLength > 0) this.write(`\r${' '.repeat(this.lastLength)}\r`);
    this.lastLength = 0;
  }
}
