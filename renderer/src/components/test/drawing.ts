/** A picture from the drawing pad, ready to be sent for prediction. */
export interface Drawing {
  width: number;
  height: number;
  /** RGBA bytes, row-major. */
  data: Uint8Array;
  /** A PNG data URL of the picture, to show beside the result. */
  url: string;
}
