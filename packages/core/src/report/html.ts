/**
 * The static report page: one self-contained HTML document (inline CSS, inline SVG,
 * no scripts, no external requests) that reads well on screen and on paper.
 */
import { FrontierError } from '../util/errors.ts';
import { escapeHtml } from './escape.ts';
import { metricKeys, renderMatrixTable } from './matrix-table.ts';
import { REPORT_CSS } from './style.ts';
import { renderSummaryTable } from './summary-table.ts';
import type { Report } from './types.ts';

/** How to read the summary table, under it. */
const LEGEND = `<p class="legend">Δ accuracy (percentage points) and compression are measured against the
<span class="tag">reference</span> row. Size is the gzip of the saved weights when measured. The key figure is
what the technique changed: its sparsity, privacy budget ε, bits per weight or share of the parameters.</p>`;

/** Charts wider than this take a full row of the chart grid. */
const WIDE_CHART_PX = 560;

/**
 * Prefixes every `id` in an SVG (and the `url(#…)` / `href="#…"` references to it):
 * vega numbers clip paths from 1 in every SVG, and inline SVGs share the page's id space.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^"()]+)/g, (whole, lead: string, id: string) =>
    ids.has(id) ? `${lead}${prefix}-${id}` : whole,
  );
}

function figure(name: string, svg: string, index: number): string {
  const trimmed = svg.trim();
  if (!trimmed.startsWith('<svg')) {
    throw new FrontierError('REPORT_CHART_NOT_SVG', `chart "${name}" is not an SVG document`, {
      where: `charts["${name}"]`,
      hint: 'pass the string renderSvg returned; charts are inlined as SVG markup',
    });
  }
  const width = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(trimmed)?.[1] ?? 0);
  const cls = width > WIDE_CHART_PX ? ' class="card wide"' : ' class="card"';
  return `<figure${cls}><figcaption>${escapeHtml(name)}</figcaption>\n${scopeSvgIds(trimmed, `chart${index}`)}</figure>`;
}

/** `2026-11-29T16:30:05.123Z` → `2026-11-29 16:30:05 UTC`; unparseable text is shown as given. */
function readableTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function kv(pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return '<p class="empty">None recorded.</p>';
  const rows = pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<dl class="kv">${rows}</dl>`;
}

const count = (n: number): string => n.toLocaleString('en-US');

function facts(report: Report): string {
  const { dataset, model, environment } = report;
  const shown = dataset.classes.slice(0, 24).map(escapeHtml).join(', ');
  const more = dataset.classes.length > 24 ? `, … (${dataset.classes.length - 24} more)` : '';
  return `<section class="facts" aria-label="Facts">
<div class="card"><h3>Dataset</h3><div class="big">${escapeHtml(dataset.name)}</div>
${kv([
  ['train', `${count(dataset.train)} examples`],
  ['test', `${count(dataset.test)} examples`],
  ['classes', count(dataset.classes.length)],
])}
${dataset.classes.length > 0 ? `<div class="classes">${shown}${more}</div>` : ''}</div>
<div class="card"><h3>Model</h3><div class="big">${escapeHtml(model.name)}</div>
${kv([['parameters', count(model.parameters)]])}</div>
<div class="card"><h3>Environment</h3>
${kv(Object.entries(environment))}</div>
</section>`;
}

/**
 * The report as one static HTML page: header (title, run id, time), dataset, model and
 * environment facts, the technique matrix (a summary table that fits 1280 px, then every
 * metric in a folded table; units in the column headers), the charts,
 * the model summary in a <pre>, then `report.sections` in order.
 * Every string from `report` is HTML-escaped, except `sections[].html`, which is
 * already HTML by contract. `charts` maps a caption to an SVG string from `renderSvg`;
 * they appear in insertion order, with their ids scoped so they cannot collide.
 * Throws FrontierError `REPORT_CHART_NOT_SVG` if a chart is not SVG markup.
 */
export function renderReportHtml(report: Report, charts: Record<string, string>): string {
  const chartEntries = Object.entries(charts);
  const chartsHtml =
    chartEntries.length === 0
      ? '<p class="empty">No charts.</p>'
      : `<div class="charts">\n${chartEntries.map(([name, svg], i) => figure(name, svg, i)).join('\n')}\n</div>`;
  const sections = (report.sections ?? [])
    .map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n<div class="card">${s.html}</div>\n</section>`)
    .join('\n');
  const techniques = report.matrix.length;
  const columns = metricKeys(report.matrix).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Frontier">
<title>${escapeHtml(report.title)} · ${escapeHtml(report.runId)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="report">
<div class="eyebrow">Frontier evaluation report</div>
<h1>${escapeHtml(report.title)}</h1>
<div class="meta">
<span>Run <code>${escapeHtml(report.runId)}</code></span>
<span>Created <time datetime="${escapeHtml(report.createdAt)}">${escapeHtml(readableTime(report.createdAt))}</time></span>
<span><b>${count(techniques)}</b> technique${techniques === 1 ? '' : 's'} evaluated</span>
</div>
</header>
${facts(report)}
<section>
<h2>Technique matrix</h2>
<div class="card table-wrap">
${renderSummaryTable(report.matrix)}
</div>
${techniques > 0 ? LEGEND : ''}
<details class="card full-matrix">
<summary>Every metric (${count(columns)} column${columns === 1 ? '' : 's'})</summary>
<div class="table-wrap">
${renderMatrixTable(report.matrix)}
</div>
</details>
</section>
<section>
<h2>Charts</h2>
${chartsHtml}
</section>
<section>
<h2>Model summary</h2>
<div class="card"><pre class="summary">${escapeHtml(report.model.summary)}</pre></div>
</section>
${sections}
<footer>Generated by Frontier. <code>report.json</code> beside this page holds the same data.</footer>
</main>
</body>
</html>
`;
}
