/**
 * The tune report: one self-contained HTML page (the evaluation report's
 * stylesheet, inline SVG charts, no scripts) plus `tune.json`, written atomically.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml, renderSvg, scopeSvgIds } from '../report/index.ts';
import { REPORT_CSS } from '../report/style.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { historySpec, importanceSpec, parallelSpec, trialValue } from './charts.ts';
import type { ParamImportance } from './importance.ts';
import type { StudyResult } from './optimize.ts';
import type { SearchSpace } from './space.ts';

/** What the tune report shows besides the study result. */
export interface TuneReportInput {
  result: StudyResult;
  space: SearchSpace;
  sampler: string;
  pruner: string;
  importance: ParamImportance[];
  /** The study config with the best point applied. */
  bestConfig: unknown;
  bestModelDir?: string;
}

/** The report's charts as caption → SVG: history, importance (with ≥ 3 finished trials), parallel coordinates. */
export async function renderTuneCharts(input: TuneReportInput): Promise<Record<string, string>> {
  const { result, space } = input;
  const charts: Record<string, string> = {};
  charts['Optimization history (best so far in orange)'] = await renderSvg(
    historySpec(result.trials, result.metric, result.direction),
  );
  if (input.importance.some((i) => i.eta2 > 0))
    charts['Parameter importance (correlation ratio η²)'] = await renderSvg(importanceSpec(input.importance));
  charts['Parallel coordinates'] = await renderSvg(parallelSpec(result.trials, space, result.metric));
  return charts;
}

const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(4));

/** The page; every value from the study is escaped. */
export function renderTuneHtml(input: TuneReportInput, charts: Record<string, string>): string {
  const { result } = input;
  const count = (s: string) => result.trials.filter((t) => t.state === s).length;
  const params = Object.keys(input.space);
  const rows = [...result.trials]
    .sort((a, b) => a.number - b.number)
    .map(
      (t) =>
        `<tr${t === result.best ? ' class="best"' : ''}><td>${t.number}</td><td>${escapeHtml(t.state)}</td><td>${fmt(trialValue(t))}</td><td>${t.intermediate.length}</td>${params
          .map((p) => `<td>${p in t.params ? escapeHtml(JSON.stringify(t.params[p])) : '–'}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const figures = Object.entries(charts)
    .map(
      ([name, svg], i) =>
        `<figure class="card${/width="(\d+)/.exec(svg) && Number(/width="(\d+)/.exec(svg)![1]) > 560 ? ' wide' : ''}"><figcaption>${escapeHtml(name)}</figcaption>\n${scopeSvgIds(svg.trim(), `tune${i}`)}</figure>`,
    )
    .join('\n');
  const best = result.best;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Frontier">
<title>Tune ${escapeHtml(result.study)}</title>
<style>${REPORT_CSS}
tr.best td { font-weight: 650; background: #eef4fb; }</style>
</head>
<body>
<main>
<header class="report">
<div class="eyebrow">Frontier tuning report</div>
<h1>Study ${escapeHtml(result.study)}</h1>
<div class="meta">
<span>sampler <b>${escapeHtml(input.sampler)}</b></span>
<span>pruner <b>${escapeHtml(input.pruner)}</b></span>
<span><b>${count('finished')}</b> finished, <b>${count('pruned')}</b> pruned, <b>${count('failed')}</b> failed</span>
<span><b>${result.trialEpochs}</b> trial-epochs</span>
</div>
</header>
<section>
<h2>Best trial</h2>
<div class="card">${
    best
      ? `<p>Trial <b>${best.number}</b> (run <code>${escapeHtml(best.runId)}</code>): ${escapeHtml(result.metric)} <b>${fmt(best.value)}</b>${
          input.bestModelDir ? `; model saved in <code>${escapeHtml(input.bestModelDir)}</code>` : ''
        }</p>
<pre>${escapeHtml(JSON.stringify(best.params, null, 2))}</pre>
<details><summary>Full config</summary><pre>${escapeHtml(JSON.stringify(input.bestConfig, null, 2))}</pre></details>`
      : '<p class="empty">No trial finished.</p>'
  }</div>
</section>
<section>
<h2>Charts</h2>
<div class="charts">
${figures}
</div>
<p class="empty">Importance is the correlation ratio η²: the share of the objective's variance over finished trials explained by one parameter alone (numeric parameters in rank bins); it ignores interactions.</p>
</section>
<section>
<h2>Trials</h2>
<div class="card table-wrap"><table>
<thead><tr><th>#</th><th>state</th><th>${escapeHtml(result.metric)}</th><th>epochs</th>${params.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table></div>
</section>
</main>
</body>
</html>
`;
}

/** Renders the charts and writes `tune.html` and `tune.json` into `dir` (created if missing). */
export async function writeTuneReport(
  dir: string,
  input: TuneReportInput,
): Promise<{ htmlPath: string; jsonPath: string }> {
  const html = renderTuneHtml(input, await renderTuneCharts(input));
  await mkdir(dir, { recursive: true });
  const htmlPath = join(dir, 'tune.html');
  const jsonPath = join(dir, 'tune.json');
  await writeFileAtomic(htmlPath, html);
  await writeFileAtomic(
    jsonPath,
    `${JSON.stringify({ ...input.result, sampler: input.sampler, pruner: input.pruner, space: input.space, importance: input.importance, bestConfig: input.bestConfig, bestModelDir: input.bestModelDir }, null, 2)}\n`,
  );
  return { htmlPath, jsonPath };
}
