/**
 * The result cards of the Test screen: one per image, added as soon as the image is chosen and
 * settled when its prediction (or error) arrives. Owns the object URLs of the originals.
 */
import type { PredictionResult } from '../../../../common/ipc/contract';

export interface PredictionCardState {
  key: number;
  name: string;
  originalUrl: string | null;
  /** Which model answered, e.g. "#12 small cnn, final model". */
  source: string;
  /** null while waiting for the prediction. */
  result: PredictionResult | null;
}

export class PredictionBoard {
  cards = $state.raw<PredictionCardState[]>([]);
  #nextKey = 1;
  #ownedUrls = new Set<string>();

  /** Adds a waiting card; a URL marked owned is revoked when the card goes. */
  add(name: string, originalUrl: string | null, source: string, ownsUrl = false): number {
    const key = this.#nextKey++;
    if (originalUrl && ownsUrl) this.#ownedUrls.add(originalUrl);
    this.cards = [...this.cards, { key, name, originalUrl, source, result: null }];
    return key;
  }

  settle(key: number, result: PredictionResult): void {
    this.cards = this.cards.map((card) => (card.key === key ? { ...card, result } : card));
  }

  fail(key: number, error: string): void {
    const card = this.cards.find((c) => c.key === key);
    if (card) this.settle(key, { file: card.name, ok: false, error });
  }

  clear(): void {
    for (const url of this.#ownedUrls) URL.revokeObjectURL(url);
    this.#ownedUrls.clear();
    this.cards = [];
  }
}
