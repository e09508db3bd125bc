/** The report page's inline stylesheet: no web fonts, no external requests, readable printed. */
export const REPORT_CSS = `
:root {
  --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f5f6f8; --card: #ffffff;
  --accent: #3b6fb6; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1160px; margin: 0 auto; padding: 32px 28px 48px; }
header.report { border-bottom: 3px solid var(--accent); padding-bottom: 18px; margin-bottom: 24px; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; font-weight: 600; color: var(--accent); }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 10px; font-weight: 650; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 22px; color: var(--muted); font-size: 13px; }
.meta b { color: var(--ink); font-weight: 600; }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
h2 { font-size: 17px; margin: 0 0 12px; font-weight: 650; }
section { margin: 0 0 28px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; overflow-wrap: anywhere; overflow-x: auto; }
.card > :first-child { margin-top: 0; }
.card > :last-child { margin-bottom: 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
.facts h3 { margin: 0 0 8px; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.big { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.classes { color: var(--muted); font-size: 12.5px; margin-top: 6px; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; padding: 0; }
table.matrix { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.matrix th, table.matrix td { padding: 10px 14px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.matrix thead th {
  background: #f9fafb; font-size: 12px; font-weight: 600; color: var(--muted); text-align: right; white-space: nowrap;
}
table.matrix thead th:first-child, table.matrix td.technique { text-align: left; }
table.matrix tbody tr:last-child > * { border-bottom: 0; }
table.matrix tbody tr:hover { background: #fafbfc; }
table.matrix td.num { text-align: right; white-space: nowrap; }
table.matrix td.missing { color: #b0b6be; }
table.matrix th.technique { font-weight: 400; text-align: left; min-width: 220px; max-width: 380px; }
table.matrix tr.skipped > * { color: #9aa1ab; background: #fafafa; }
table.matrix tr.skipped .name { font-weight: 500; }
table.matrix td.reason { font-style: italic; white-space: normal; overflow-wrap: anywhere; }
table.matrix.glance thead th { white-space: normal; vertical-align: bottom; line-height: 1.3; }
table.matrix.glance th, table.matrix.glance td { padding: 9px 12px; }
table.matrix.glance th.technique { min-width: 0; max-width: 260px; }
table.matrix.glance thead th.key, table.matrix.glance td.key { text-align: left; }
table.matrix.glance td.key { white-space: nowrap; }
table.matrix tr.reference > * { background: #f7f9fc; }
.gain { color: #1a7f37; }
.loss { color: #b42318; }
.tag {
  display: inline-block; font-size: 10.5px; font-weight: 600; letter-spacing: .03em; color: var(--accent);
  border: 1px solid #c9d7ec; border-radius: 9px; padding: 0 6px; margin-left: 6px; vertical-align: 1px;
}
p.legend { color: var(--muted); font-size: 12.5px; margin: 8px 2px 12px; max-width: 100ch; }
details.full-matrix { padding: 0; }
details.full-matrix > summary { cursor: pointer; padding: 10px 16px; font-weight: 600; font-size: 13px; }
details.full-matrix[open] > summary { border-bottom: 1px solid var(--line); }
details.full-matrix .table-wrap { border: 0; }
.technique .name { font-weight: 600; }
.technique { overflow-wrap: anywhere; }
.technique .desc { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.technique ul.notes { margin: 6px 0 0; padding-left: 16px; color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.unit { color: var(--muted); font-weight: 400; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; align-items: start; }
figure { margin: 0; }
figure.wide { grid-column: 1 / -1; }
figure figcaption { font-weight: 600; font-size: 13px; margin-bottom: 8px; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
pre.summary {
  margin: 0; font-family: var(--mono); font-size: 12px; line-height: 1.45; overflow-x: auto; white-space: pre;
}
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 12px; }
@media (max-width: 560px) { .charts { grid-template-columns: 1fr; } main { padding: 20px 14px; } }
@media print {
  body { background: white; }
  .card { border-color: #d1d5db; break-inside: avoid; }
  figure { break-inside: avoid; }
}
`;
