import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../../renderer/src/lib/throttle';

describe('Throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes the first request at once (on the next turn)', () => {
    const publish = vi.fn();
    new Throttle(1000, publish).request();
    vi.advanceTimersByTime(0);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('gathers a burst into one publish per interval, the last at the interval end', () => {
    const publish = vi.fn();
    const throttle = new Throttle(250, publish);
    throttle.request();
    vi.advanceTimersByTime(0);
    for (let i = 0; i < 100; i++) {
      throttle.request();
      vi.advanceTimersByTime(2);
    }
    // 200 ms of requests after the first publish: one more publish, due 250 ms after the first.
    expect(publish).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50);
    expect(publish).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(publish).toHaveBeenCalledTimes(2);
  });

  it('never publishes twice within the interval', () => {
    const times: number[] = [];
    const throttle = new Throttle(100, () => times.push(Date.now()));
    for (let t = 0; t < 1000; t += 7) {
      throttle.request();
      vi.advanceTimersByTime(7);
    }
    vi.advanceTimersByTime(100);
    const gaps = times.slice(1).map((time, i) => time - times[i]);
    expect(times.length).toBeGreaterThanOrEqual(9);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
  });

  it('drops a waiting publish when cancelled', () => {
    const publish = vi.fn();
    const throttle = new Throttle(250, publish);
    throttle.request();
    vi.advanceTimersByTime(0);
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(publish).toHaveBeenCalledTimes(1);
    throttle.request();
    vi.advanceTimersByTime(0);
    expect(publish).toHaveBeenCalledTimes(2);
  });
});
