/**
 * How measured values are shown: one display scale per column (or chart axis), so
 * every value in a column is in the same unit and the header can carry it.
 */

/** How to show values of one unit: `display = value * factor`, with `decimals` digits and `label` as the unit. */
export interface DisplayUnit {
  /** The unit as shown in a header or axis title, e.g. `%`, `MiB`, `ms`; empty for plain counts. */
  label: string;
  factor: number;
  decimals: number;
}

const KIB = 1024;
const MIB = 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

/**
 * Picks the display scale for `values` measured in `unit`: `ratio` → % with 2 decimals;
 * `bytes` → B, KiB, MiB or GiB by the largest value; `ms` → 2 decimals; anything else
 * keeps its unit with decimals fitted to the magnitude (0 for whole numbers).
 */
export function displayUnit(unit: string, values: readonly number[]): DisplayUnit {
  const finite = values.filter((v) => Number.isFinite(v));
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  switch (unit) {
    case 'ratio':
      return { label: '%', factor: 100, decimals: 2 };
    case 'bytes':
      if (maxAbs >= GIB) return { label: 'GiB', factor: 1 / GIB, decimals: 2 };
      if (maxAbs >= MIB) return { label: 'MiB', factor: 1 / MIB, decimals: 2 };
      if (maxAbs >= KIB) return { label: 'KiB', factor: 1 / KIB, decimals: 1 };
      return { label: 'B', factor: 1, decimals: 0 };
    case 'ms':
      return { label: 'ms', factor: 1, decimals: 2 };
    default: {
      const label = unit === 'count' || unit === '1' ? '' : unit;
      if (finite.every((v) => Number.isInteger(v))) return { label, factor: 1, decimals: 0 };
      // Three significant digits for the largest value, at most four decimals.
      const decimals = maxAbs === 0 ? 2 : Math.min(4, Math.max(0, 2 - Math.floor(Math.log10(maxAbs))));
      return { label, factor: 1, decimals };
    }
  }
}

/** `value` in `display`'s scale as text, with thousands separators and no unit; `—` for a non-finite value. */
export function formatScaled(value: number, display: DisplayUnit): string {
  if (!Number.isFinite(value)) return '—';
  const scaled = value * display.factor;
  return scaled.toLocaleString('en-US', {
    minimumFractionDigits: display.decimals,
    maximumFractionDigits: display.decimals,
  });
}

/** One value with its unit, e.g. `98.12 %`, `1.50 MiB`, `12.30 ms`, `1,234`. */
export function formatMeasure(value: number, unit: string): string {
  const display = displayUnit(unit, [value]);
  const text = formatScaled(value, display);
  return display.label === '' || text === '—' ? text : `${text} ${display.label}`;
}

/** `name (unit)` for a header or axis title; just `name` when the unit has no label. */
export function withUnit(name: string, display: DisplayUnit): string {
  return display.label === '' ? name : `${name} (${display.label})`;
}
