/** Early stopping on validation loss, like Keras' EarlyStopping(monitor='val_loss'). */
export class EarlyStopping {
  private best = Number.POSITIVE_INFINITY;
  private epochsWithoutImprovement = 0;

  /** patience 0 turns early stopping off. */
  constructor(private readonly patience: number) {}

  /** Records an epoch's validation loss; returns true when training should stop. */
  update(valLoss: number): boolean {
    if (this.patience <= 0 || Number.isNaN(valLoss)) return false;
    if (valLoss < this.best) {
      this.best = valLoss;
      this.epochsWithoutImprovement = 0;
      return false;
    }
    this.epochsWithoutImprovement += 1;
    return this.epochsWithoutImprovement >= this.patience;
  }
}
