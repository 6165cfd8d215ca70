import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from '../../../renderer/src/lib/series-buffer';

describe('SeriesBuffer', () => {
  it('grows past its initial capacity and keeps every point', () => {
    const buffer = new SeriesBuffer(2);
    for (let i = 0; i < 1000; i++) buffer.push(i, i * 2);
    const view = buffer.view();
    expect(view.x.length).toBe(1000);
    expect(view.y[999]).toBe(1998);
  });

  it('hands out a new view object on every call, without copying earlier ones', () => {
    const buffer = new SeriesBuffer();
    buffer.push(1, 1);
    const first = buffer.view();
    buffer.push(2, 2);
    const second = buffer.view();
    expect(second).not.toBe(first);
    expect(first.x.length).toBe(1);
    expect(Array.from(second.x)).toEqual([1, 2]);
  });

  it('keeps x ascending: a repeated or earlier x replaces the tail from there', () => {
    const buffer = new SeriesBuffer();
    for (const x of [1, 2, 3, 4]) buffer.push(x, x);
    buffer.push(3, 30);
    expect(Array.from(buffer.view().x)).toEqual([1, 2, 3]);
    expect(Array.from(buffer.view().y)).toEqual([1, 2, 30]);
  });

  it('keeps NaN values, which charts show as gaps', () => {
    const buffer = new SeriesBuffer();
    buffer.push(1, Number.NaN);
    expect(Number.isNaN(buffer.view().y[0])).toBe(true);
    buffer.clear();
    expect(buffer.length).toBe(0);
  });
});
