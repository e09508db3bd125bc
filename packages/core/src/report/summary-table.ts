/**
 * The technique matrix at a glance: one narrow table (it fits 1280 px without
 * scrolling) with the figures a reader compares first. The full table with every
 * metric is matrix-table.ts.
 */
import { escapeHtml } from './escape.ts';
import { glance, type GlanceRow } from './glance.ts';
import type { Measure, TechniqueRow } from './types.ts';
import { displayUnit, formatScaled } from './units.ts';

interface Column {
  title: string;
  /** Unit label shown after the title, e.g. `%`; empty for none. */
  unit: string;
  /** Extra class of the cells (numbers right-aligned, text left). */
  cls: string;
  /** Explanation shown on hover over the header. */
  hint: string;
  cell: (g: GlanceRow) => string;
}

/** A measured column: every value on one display scale (as in the full table). */
function measureColumn(
  title: string,
  hint: string,
  rows: readonly GlanceRow[],
  pick: (g: GlanceRow) => Measure | undefined,
): Column | undefined {
  const measures = rows.map(pick).filter((m): m is Measure => m !== undefined);
  if (measures.length === 0) return undefined;
  const unit = measures[0].unit;
  const display = displayUnit(
    unit,
    measures.filter((m) => m.unit === unit).map((m) => m.value),
  );
  return {
    title,
    unit: display.label,
    cls: 'num',
    hint,
    cell: (g) => {
      const m = pick(g);
      if (m === undefined) return '—';
      if (m.unit !== unit) {
        const own = displayUnit(m.unit, [m.value]);
        return `${formatScaled(m.value, own)} ${escapeHtml(own.label)}`;
      }
      return formatScaled(m.value, display);
    },
  };
}

/** `+0.12` / `−0.07` (a true minus sign), marked up so a loss reads red and a gain green. */
function signed(pp: number): string {
  const text = Math.abs(pp).toFixed(2);
  if (text === '0.00') return '0.00';
  return pp > 0 ? `<span class="gain">+${text}</span>` : `<span class="loss">−${text}</span>`;
}

/** `4.0×`, `12×`: one decimal below ten. */
function times(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

/** The summary's columns after `Technique`; a column no row has a value for is left out. */
function columns(rows: readonly GlanceRow[]): Column[] {
  const cols: Array<Column | undefined> = [
    measureColumn('Accuracy', 'accuracy on the test set', rows, (g) => g.accuracy),
    rows.some((g) => g.deltaAccuracy !== undefined)
      ? {
          title: 'Δ accuracy',
          unit: 'pp',
          cls: 'num',
          hint: 'accuracy minus the reference’s, in percentage points',
          cell: (g) => (g.deltaAccuracy === undefined ? '—' : signed(g.deltaAccuracy)),
        }
      : undefined,
    measureColumn('Size', 'size of the saved weights (gzip when measured)', rows, (g) => g.size),
    rows.some((g) => g.compression !== undefined)
      ? {
          title: 'Compression',
          unit: '',
          cls: 'num',
          hint: 'the reference’s size divided by this size',
          cell: (g) => (g.compression === undefined ? '—' : times(g.compression)),
        }
      : undefined,
    measureColumn('p50 latency', 'median single-example latency', rows, (g) => g.latencyP50),
    measureColumn('Throughput', 'batched inference throughput', rows, (g) => g.throughput),
    rows.some((g) => g.keyFigure !== undefined)
      ? {
          title: 'Key figure',
          unit: '',
          cls: 'key',
          hint: 'what the technique changed: sparsity, ε, bits, parameters…',
          cell: (g) => (g.keyFigure === undefined ? '—' : escapeHtml(g.keyFigure)),
        }
      : undefined,
  ];
  return cols.filter((c): c is Column => c !== undefined);
}

function header(c: Column): string {
  const unit = c.unit === '' ? '' : ` <span class="unit">(${escapeHtml(c.unit)})</span>`;
  return `<th scope="col" class="${c.cls}" title="${escapeHtml(c.hint)}">${escapeHtml(c.title)}${unit}</th>`;
}

function techniqueCell(g: GlanceRow): string {
  const tag = g.isReference ? ' <span class="tag">reference</span>' : '';
  const title = g.row.description ? ` title="${escapeHtml(g.row.description)}"` : '';
  return `<th scope="row" class="technique"${title}><span class="name">${escapeHtml(g.row.technique)}</span>${tag}</th>`;
}

/**
 * The summary table: a row per technique with accuracy, Δ accuracy against the
 * reference row (the `baseline`), size, compression ratio, p50 latency, throughput and
 * the key figure (see keyFigure). Skipped rows are greyed and show their reason instead
 * of numbers. Every string from the rows is HTML-escaped.
 */
export function renderSummaryTable(rows: readonly TechniqueRow[]): string {
  if (rows.length === 0) return '<p class="empty">No techniques were evaluated.</p>';
  const g = glance(rows);
  const cols = columns(g.rows);
  const body = g.rows
    .map((r) => {
      if (r.row.skipped !== undefined) {
        const span = Math.max(1, cols.length);
        return `<tr class="skipped">${techniqueCell(r)}<td colspan="${span}" class="reason">Skipped: ${escapeHtml(r.row.skipped)}</td></tr>`;
      }
      const cells = cols.map((c) => `<td class="${c.cls}">${c.cell(r)}</td>`).join('');
      return `<tr${r.isReference ? ' class="reference"' : ''}>${techniqueCell(r)}${cells}</tr>`;
    })
    .join('\n');
  return `<table class="matrix glance">
<thead><tr><th scope="col" class="technique">Technique</th>${cols.map(header).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
