/** The trade-off front of Sony's Neural Network Console: the runs no other run beats on both cost and accuracy. */

export interface TradeOffPoint {
  cost: number;
  accuracy: number;
}

/** Indices of the points on the front: none has another point that is no costlier and more accurate (or cheaper and as accurate). */
export function paretoFront(points: readonly TradeOffPoint[]): number[] {
  const order = points
    .map((p, i) => ({ ...p, i }))
    .filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.accuracy))
    .sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy);
  const front: number[] = [];
  let best = -Infinity;
  for (const p of order) {
    if (p.accuracy > best) {
      front.push(p.i);
      best = p.accuracy;
    }
  }
  return front;
}
