// Plain-data types shared by preprocessing steps and model layers.

/** A JSON value: what a step's config (options plus fitted state) is made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** A dense row-major array: `data[i]` with `shape[0]` examples (rows, images). */
export interface NDArray {
  data: Float32Array;
  shape: number[];
}
