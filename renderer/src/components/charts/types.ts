/**
 * One line on a metric chart. x and y have the same length and x ascends. Plain arrays and
 * Float64Array are both accepted so that large series can be built without boxing every value.
 * Non-finite y values (a diverging run) are drawn as a break in the line.
 */
export type NumberArray = number[] | Float64Array;

export interface ChartSeries {
  label: string;
  x: NumberArray;
  y: NumberArray;
  /** Any CSS colour; a palette colour is picked by position when absent. */
  color?: string;
  dashed?: boolean;
  /** A shaded band drawn with the line in its colour (a group's spread), on its own x values. */
  band?: { x: NumberArray; lower: NumberArray; upper: NumberArray };
}
