// End to end: a realistic evaluation report, written by writeReport, opened in Debian's
// Chromium (through playwright-core, no downloaded browser) at 1280 × 800, and read the
// way a person reads it: the summary table's columns, no sideways scrolling, charts with
// more than one mark and labels that do not overlap, long notes that wrap.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { sampleReport } from '../src/report/sample-report.ts';
import type { Measure, Report, TechniqueRow } from '../src/report/types.ts';
import { writeReport } from '../src/report/write-report.ts';

const CHROMIUM = '/usr/bin/chromium';
/** What a person can look at afterwards: the page as rendered, and the page itself. */
const SCREENSHOT = join(tmpdir(), 'frontier-report-1280.png');
const PAGE_COPY = join(tmpdir(), 'frontier-report-1280.html');
const skip = existsSync(CHROMIUM)
  ? false
  : `Debian's Chromium is missing at ${CHROMIUM}: run scripts/setup.sh (apt-get install chromium)`;

const ratio = (value: number): Measure => ({ value, unit: 'ratio' });
const bytes = (value: number): Measure => ({ value, unit: 'bytes' });
const count = (value: number): Measure => ({ value, unit: 'count' });

/** One measured row as `frontier evaluate` writes it (metric keys in its order). */
function row(
  technique: string,
  description: string,
  m: { acc: number; params: number; nonzeros: number; raw: number; gzip: number; p50: number; tput: number },
  extra: Record<string, Measure> = {},
  notes?: string[],
): TechniqueRow {
  return {
    technique,
    description,
    metrics: {
      accuracy: ratio(m.acc),
      loss: { value: 0.05 + (0.99 - m.acc), unit: 'nats' },
      parameters: count(m.params),
      nonzeros: count(m.nonzeros),
      bytes: bytes(m.raw),
      gzipBytes: bytes(m.gzip),
      deltaAccuracy: { value: (m.acc - 0.9871) * 100, unit: 'pp' },
      seconds: { value: 12.5, unit: 's' },
      attributionRankCorrelation: { value: 0.6 + m.acc * 0.4 - (1 - m.nonzeros / m.params) * 0.1, unit: 'ρ' },
      attributionTopKOverlap: ratio(0.5 + (m.acc - 0.97) * 20),
      latencyP50: { value: m.p50, unit: 'ms' },
      latencyP99: { value: m.p50 * 2.4, unit: 'ms' },
      throughput: { value: m.tput, unit: 'samples/s' },
      ...extra,
    },
    ...(notes && { notes }),
  };
}

/** A report shaped like `frontier evaluate` on MNIST: ten techniques, one skipped. */
function evaluationReport(): Report {
  const r = sampleReport();
  r.title = 'Frontier evaluation: mnist-cnn on MNIST';
  // A section with one long unbreakable line (the augmentation options as JSON): it
  // must wrap inside its card, not widen the page.
  r.sections = [
    ...(r.sections ?? []),
    {
      title: 'Augmented samples',
      html: `<p>${JSON.stringify({ rotationRange: 10, widthShiftRange: 0.1, heightShiftRange: 0.1, zoomRange: 0.1, fillMode: 'nearest', interpolation: 'bilinear', seed: 42, padding: 'x'.repeat(120) })}</p>`,
    },
  ];
  const base = { params: 56714, nonzeros: 56714, raw: 226856 };
  r.matrix = [
    row('baseline', 'the model as trained (float32)', {
      ...base,
      acc: 0.9871,
      gzip: 209512,
      p50: 0.92,
      tput: 3310,
    }),
    row(
      'prune-90',
      'gradual magnitude pruning to 90% (global, unstructured) over 1 epoch(s) of fine-tuning',
      { ...base, acc: 0.9812, nonzeros: 5671, gzip: 41233, p50: 0.9, tput: 3290 },
      { sparsity: ratio(0.9) },
      [
        'conv2d_1/kernel: 41.2% zeros',
        'dense_1/kernel: 93.1% zeros',
        'bytes measured on the saved folder /tmp/frontier-evaluate-run-20261129-163000-7f3a/work/prune-90/models/prune-90-with-a-long-path-that-has-no-spaces/weights.bin',
      ],
    ),
    row('quant-float16', 'post-training float16 weights in the tfjs weights-manifest format', {
      ...base,
      acc: 0.9871,
      raw: 113428,
      gzip: 104800,
      p50: 0.93,
      tput: 3305,
    }),
    row('quant-uint8', 'post-training uint8 weights in the tfjs weights-manifest format', {
      ...base,
      acc: 0.9869,
      raw: 57110,
      gzip: 52010,
      p50: 0.91,
      tput: 3320,
    }),
    row('int8-per-channel', 'post-training int8 symmetric per-channel kernels, float32 biases', {
      ...base,
      acc: 0.987,
      raw: 57600,
      gzip: 53900,
      p50: 0.94,
      tput: 3280,
    }),
    row(
      'prune-block4-90+quant-uint8',
      'prune-block4-90, then uint8 weights in the tfjs weights-manifest format',
      { ...base, acc: 0.9797, nonzeros: 5900, raw: 57110, gzip: 14100, p50: 0.9, tput: 3300 },
      { sparsity: ratio(0.9) },
    ),
    row(
      'cluster-16',
      'k-means weight clustering, 16 centroids per kernel (post-training)',
      { ...base, acc: 0.9866, gzip: 61000, p50: 0.92, tput: 3300 },
      { packedBytes: bytes(28600) },
    ),
    row('filters-50', 'structured pruning: remove 50% of hidden filters/units by L1 norm', {
      params: 15010,
      nonzeros: 15010,
      raw: 60040,
      acc: 0.9843,
      gzip: 55700,
      p50: 0.41,
      tput: 7900,
    }),
    row('distill', 'student with ≤ 0.25 of the parameters trained on its soft targets', {
      params: 14200,
      nonzeros: 14200,
      raw: 56800,
      acc: 0.979,
      gzip: 52400,
      p50: 0.39,
      tput: 8150,
    }),
    {
      technique: 'tuned',
      description: 'the study recipe with hyperparameters found by tune',
      metrics: {},
      skipped: 'the study has no "tune" section; add one to search the learning rate and batch size',
    },
  ];
  return r;
}

/** Captions of the charts the report must have, in page order, for evaluationReport(). */
const EXPECTED_CHARTS = [
  'Training curves',
  'Confusion matrix (test set)',
  'Accuracy vs size (Pareto frontier dashed)',
  'Accuracy vs latency (Pareto frontier dashed)',
  // every headline metric, and every extra metric two or more rows have (packedBytes has one)
  'Accuracy by technique',
  'Size (gzip) by technique',
  'Attribution rank correlation by technique',
  'Attribution top-k overlap by technique',
  'p50 latency by technique',
  'Throughput by technique',
  'Sparsity by technique',
];

let browser: Browser | undefined;
let page: Page;
let dir = '';

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'frontier-report-browser-'));
  const { htmlPath } = await writeReport(dir, evaluationReport());
  await copyFile(htmlPath, PAGE_COPY);
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // A missing element fails its test in seconds, not after playwright's 30 s default.
  page.setDefaultTimeout(5000);
  await page.goto(pathToFileURL(htmlPath).href);
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('report.html in Chromium at 1280 px', { skip }, () => {
  it('shows the summary table with exactly the columns that matter', async () => {
    const headers = await page.$$eval('table.glance thead th', (ths) =>
      ths.map((th) => (th as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
    );
    assert.deepEqual(headers, [
      'Technique',
      'Accuracy (%)',
      'Δ accuracy (pp)',
      'Size (KiB)',
      'Compression',
      'p50 latency (ms)',
      'Throughput (samples/s)',
      'Key figure',
    ]);
    const box = await page.locator('table.glance').boundingBox();
    assert.ok(box && box.width > 600 && box.x >= 0 && box.x + box.width <= 1280, JSON.stringify(box));
  });

  it('reads the key figures and compression from each row', async () => {
    const cells = async (name: string) =>
      page.$$eval(
        'table.glance tbody tr',
        (trs, n) => {
          const tr = trs.find((t) => t.querySelector('.name')?.textContent === n);
          return tr ? [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim()) : [];
        },
        name,
      );
    // 209,512 B = 204.6 KiB; 209,512 / 41,233 = 5.08×
    assert.deepEqual(await cells('prune-90'), [
      '98.12',
      '−0.59',
      '40.3',
      '5.1×',
      '0.90',
      '3,290',
      'sparsity 90.0 %',
    ]);
    assert.deepEqual(await cells('baseline'), ['98.71', '0.00', '204.6', '1.0×', '0.92', '3,310', '—']);
    // 57,110 B × 8 / 56,714 params = 8.1 bits per weight
    assert.equal((await cells('quant-uint8'))[6], '8.1 bits/weight');
    // 14,200 / 56,714 = 25.0 % of the parameters
    assert.equal((await cells('distill'))[6], 'params 25.0 %');
    assert.equal((await cells('cluster-16'))[6], 'packed 27.9 KiB');
    // a skipped row: its reason, greyed, and no numbers
    assert.deepEqual(await cells('tuned'), [
      'Skipped: the study has no "tune" section; add one to search the learning rate and batch size',
    ]);
    const color = await page
      .locator('table.glance tr.skipped td')
      .evaluate((td) => getComputedStyle(td).color);
    assert.equal(color, 'rgb(154, 161, 171)');
  });

  it('does not scroll sideways, and neither does the summary table', async () => {
    const page1 = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(page1.scroll <= page1.client, JSON.stringify(page1));
    const table = await page
      .locator('table.glance')
      .evaluate((t) => ({ scroll: t.parentElement!.scrollWidth, client: t.parentElement!.clientWidth }));
    assert.ok(table.scroll <= table.client, `summary table scrolls: ${JSON.stringify(table)}`);
  });

  it('wraps long notes in the full table instead of widening it', async () => {
    await page.locator('details.full-matrix > summary').click();
    const overflowing = await page.$$eval('details.full-matrix th.technique', (ths) =>
      ths.filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent),
    );
    assert.deepEqual(overflowing, []);
    const widths = await page.$$eval('details.full-matrix th.technique', (ths) =>
      ths.map((th) => th.getBoundingClientRect().width),
    );
    assert.ok(Math.max(...widths) <= 400, `technique column ${Math.max(...widths)} px wide`);
    const page1 = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(page1 <= 1280, `page is ${page1} px wide with the full table open`);
    await page.locator('details.full-matrix > summary').click();
  });

  it('has a chart for each metric two or more rows measure, none with a single mark', async () => {
    const captions = await page.$$eval('figure figcaption', (fs) => fs.map((f) => f.textContent));
    assert.deepEqual(captions, EXPECTED_CHARTS);
    const marks = await page.$$eval('figure', (figs) =>
      figs.map((f) => ({
        caption: f.querySelector('figcaption')?.textContent,
        marks: f.querySelectorAll('[aria-roledescription="bar"], [aria-roledescription="point"]').length,
      })),
    );
    for (const { caption, marks: n } of marks.filter((m) => /by technique|Accuracy vs/.test(m.caption ?? '')))
      assert.ok(n >= 2, `${caption}: ${n} mark(s)`);
    // nine measured rows on each technique chart (sparsity: the two pruned rows)
    const accuracy = marks.find((m) => m.caption === 'Accuracy by technique');
    assert.equal(accuracy?.marks, 9);
    assert.equal(marks.find((m) => m.caption === 'Sparsity by technique')?.marks, 2);
  });

  it('zooms the accuracy axis to the data instead of 0–100 %', async () => {
    const ticks = await page.$$eval('figure', (figs) => {
      const fig = figs.find((f) => f.querySelector('figcaption')?.textContent === 'Accuracy by technique');
      return [...(fig?.querySelectorAll('.role-axis-label text') ?? [])]
        .map((t) => Number(t.textContent?.replace(/,/g, '')))
        .filter((v) => Number.isFinite(v));
    });
    assert.ok(ticks.length >= 2, `ticks: ${ticks.join(', ')}`);
    // the rows span 97.90–98.71 %: the axis starts above 97 and ends below 99.5
    assert.ok(Math.min(...ticks) >= 97 && Math.max(...ticks) <= 99.5, `ticks: ${ticks.join(', ')}`);
  });

  it('draws no chart text over other chart text', async () => {
    const collisions = await page.$$eval('figure', (figs) => {
      const out: string[] = [];
      for (const fig of figs) {
        const caption = fig.querySelector('figcaption')?.textContent ?? '';
        if (!/by technique|Accuracy vs/.test(caption)) continue;
        const boxes = [...fig.querySelectorAll('svg text')]
          .filter((t) => (t.textContent ?? '').trim() !== '' && getComputedStyle(t).opacity !== '0')
          .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
          .filter((b) => b.r.width > 0 && b.r.height > 0);
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r;
            const b = boxes[j].r;
            // half a pixel of tolerance: glyph boxes of neighbouring lines may touch
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 0.5 && h > 0.5) out.push(`${caption}: "${boxes[i].text}" × "${boxes[j].text}"`);
          }
      }
      return out;
    });
    assert.deepEqual(collisions, []);
  });

  it('writes a full-page screenshot for a person to look at', () => {
    assert.ok(existsSync(SCREENSHOT), SCREENSHOT);
  });
});
