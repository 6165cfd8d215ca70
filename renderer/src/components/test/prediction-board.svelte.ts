/**
 * The result cards of the Test screen: one per image, added as soon as the image is chosen and
 * settled when its prediction (or error) arrives. Owns the object URLs of the originals.
 */
import type { ImageInput, PredictionResult } from '../../../../common/ipc/contract';
import type { InkPolarity } from '../../../../common/image/levels';

export interface PredictionCardState {
  key: number;
  name: string;
  originalUrl: string | null;
  /** Which model answered, e.g. "#12 small cnn, final model". */
  source: string;
  /** null while waiting for the prediction. */
  result: PredictionResult | null;
  /** What was sent, kept so the image can be read again with its ink flipped; null until read. */
  input: ImageInput | null;
}

/** The other way round. */
export function flipped(polarity: InkPolarity): InkPolarity {
  return polarity === 'dark-on-light' ? 'light-on-dark' : 'dark-on-light';
}

/** The polarity a flip asks for: the opposite of how the card was read, or of what it last forced. */
export function flipTarget(card: PredictionCardState): InkPolarity | null {
  const current = card.result?.ok ? card.result.polarity : (card.input?.polarity ?? null);
  return card.input && current ? flipped(current) : null;
}

export class PredictionBoard {
  cards = $state.raw<PredictionCardState[]>([]);
  #nextKey = 1;
  #ownedUrls = new Set<string>();

  /** Adds a waiting card; a URL marked owned is revoked when the card goes. */
  add(name: string, originalUrl: string | null, source: string, ownsUrl = false): number {
    const key = this.#nextKey++;
    if (originalUrl && ownsUrl) this.#ownedUrls.add(originalUrl);
    this.cards = [...this.cards, { key, name, originalUrl, source, result: null, input: null }];
    return key;
  }

  /** Records what was sent for a card and sets it waiting again (a first read, or a re-read). */
  sending(key: number, input: ImageInput): void {
    this.cards = this.cards.map((card) => (card.key === key ? { ...card, input, result: null } : card));
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
