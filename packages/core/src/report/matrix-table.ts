import { escapeHtml } from './escape.ts';
import type { TechniqueRow } from './types.ts';
import { displayUnit, formatScaled, type DisplayUnit } from './units.ts';

/** Metric keys in first-seen order across rows: the table's columns and the report's bar charts. */
export function metricKeys(rows: readonly TechniqueRow[]): string[] {
  const keys: string[] = [];
  for (const row of rows) for (const key of Object.keys(row.metrics)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * The technique matrix as an HTML table: a row per technique (name, description, notes),
 * a column per metric whose header carries the display unit (%, KiB/MiB, ms...), every
 * value in a column on that column's scale, `—` where a technique lacks the metric.
 * A cell whose unit differs from its column's shows its own unit rather than a wrong number.
 * A skipped row shows its reason across the metric columns instead of numbers.
 */
export function renderMatrixTable(rows: readonly TechniqueRow[]): string {
  if (rows.length === 0) return '<p class="empty">No techniques were evaluated.</p>';
  const keys = metricKeys(rows);
  const columns = keys.map((key) => {
    const unit = rows.find((r) => r.metrics[key] !== undefined)?.metrics[key].unit ?? '';
    const values = rows.flatMap((r) => (r.metrics[key]?.unit === unit ? [r.metrics[key].value] : []));
    return { key, unit, display: displayUnit(unit, values) };
  });
  const head = columns
    .map(({ key, display }) => `<th scope="col">${escapeHtml(key)}${unitSpan(display)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const notes =
        row.notes && row.notes.length > 0
          ? `<ul class="notes">${row.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
          : '';
      const desc = row.description ? `<div class="desc">${escapeHtml(row.description)}</div>` : '';
      const name = `<th scope="row" class="technique"><div class="name">${escapeHtml(row.technique)}</div>${desc}${notes}</th>`;
      if (row.skipped !== undefined) {
        const reason = `Skipped: ${escapeHtml(row.skipped)}`;
        return `<tr class="skipped">${name}<td colspan="${Math.max(1, columns.length)}" class="reason">${reason}</td></tr>`;
      }
      const cells = columns.map(({ key, unit, display }) => {
        const m = row.metrics[key];
        if (m === undefined) return '<td class="num missing">—</td>';
        if (m.unit !== unit) {
          const own = displayUnit(m.unit, [m.value]);
          return `<td class="num">${formatScaled(m.value, own)} ${escapeHtml(own.label)}</td>`;
        }
        return `<td class="num">${formatScaled(m.value, display)}</td>`;
      });
      return `<tr>${name}${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table class="matrix">
<thead><tr><th scope="col">Technique</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function unitSpan(display: DisplayUnit): string {
  return display.label === '' ? '' : ` <span class="unit">(${escapeHtml(display.label)})</span>`;
}
