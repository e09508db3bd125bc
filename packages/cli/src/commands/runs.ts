import { Option, type Command } from 'commander';
import { intFlag } from '../flags.ts';
import {
  RUN_STATUSES,
  compareRuns,
  keyMetrics,
  openStore,
  splitMetrics,
  type KeyMetrics,
  type Run,
  type RunDetail,
  type RunStatus,
  type TrackingStore,
} from '@frontier/core/track';
import { emit, table, type GlobalFlags } from '../output.ts';

/** Opens the tracking store at `url` (else FRONTIER_TRACKING_URL, else the default), runs `fn`, closes it. */
export async function withStore<T>(
  url: string | undefined,
  fn: (store: TrackingStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `1h02m`, `3m05s`, `42s`, `0.4s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}

/** How long a run took: to its end time, or (still running) until `now`. */
export function runDurationMs(run: Run, now: number = Date.now()): number {
  return Math.max(0, (run.endTime ?? now) - run.startTime);
}

/** One row of `runs list --json`: the run, its duration and its key metrics. */
export interface RunListEntry extends Run {
  durationMs: number;
  keyMetrics: KeyMetrics;
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);

/** The human table of `runs list`. */
export function runsTable(entries: readonly RunListEntry[]): string {
  return table(
    ['id', 'experiment', 'status', 'started', 'duration', 'test acc', 'val acc', 'epochs', 'git'],
    entries.map((r) => [
      r.id,
      r.experiment,
      r.status,
      new Date(r.startTime).toISOString().replace('T', ' ').slice(0, 19),
      `${formatDuration(r.durationMs)}${r.status === 'running' ? '…' : ''}`,
      pct(r.keyMetrics.testAccuracy),
      pct(r.keyMetrics.valAccuracy),
      r.keyMetrics.epochs ?? '–',
      r.gitSha?.slice(0, 8) ?? '–',
    ]),
  );
}

/** The human form of `runs show`: test metrics apart from the training series. */
export function runReport(
  run: RunDetail,
  artifacts: ReadonlyArray<{ path: string; kind: string; bytes: number; sha256: string }>,
): string {
  const k = keyMetrics(run.metrics);
  const { test, training } = splitMetrics(run.metrics);
  const iso = (t: number) => new Date(t).toISOString();
  const lines = [
    `run ${run.id} (${run.experiment}) ${run.status}`,
    `started ${iso(run.startTime)}${run.endTime ? `, ended ${iso(run.endTime)}` : ''}, ${formatDuration(runDurationMs(run))}`,
    `seed ${run.seed ?? '–'}  git ${run.gitSha ?? '–'}  ${Object.entries(run.versions)
      .map(([key, v]) => `${key} ${v}`)
      .join('  ')}`,
  ];
  if (run.lastStep !== null) lines.push(`last step ${run.lastStep}`);
  if (run.heartbeatAt !== null) lines.push(`last heartbeat ${iso(run.heartbeatAt)}`);
  if (run.resumedFrom !== null) lines.push(`resumes run ${run.resumedFrom}`);
  if (run.error !== null) lines.push(`error: ${run.error}`);
  lines.push(
    '',
    `test accuracy ${pct(k.testAccuracy)} (held-out test split)` +
      (k.epochs === null
        ? ''
        : `; last training epoch ${k.epochs}: accuracy ${pct(k.trainAccuracy)}, val accuracy ${pct(k.valAccuracy)}`),
    '',
    'test metrics (measured once on the test split)',
    test.length === 0
      ? '  none'
      : table(
          ['metric', 'step', 'value'],
          test.map((m) => [m.key, m.step, fmt(m.value)]),
        ),
    '',
    'training and other metrics (latest value of each series; step = epoch or batch)',
    training.length === 0
      ? '  none'
      : table(
          ['metric', 'step', 'value'],
          training.map((m) => [m.key, m.step, fmt(m.value)]),
        ),
    '',
    table(
      ['param', 'value'],
      Object.entries(run.params).map(([key, v]) => [key, v]),
    ),
    '',
    table(
      ['artifact', 'kind', 'bytes', 'sha256'],
      artifacts.map((a) => [a.path, a.kind, a.bytes, a.sha256.slice(0, 16)]),
    ),
  );
  return lines.join('\n');
}

/** `frontier runs list|show|compare`: read the tracking store. */
export function runsCommand(program: Command, flags: () => GlobalFlags): void {
  const runs = program
    .command('runs')
    .description('list, show and compare tracked runs')
    .option('--tracking <url>', 'tracking store: a SQLite path or postgres:// URL')
    .addHelpText(
      'after',
      `
Statuses: running, finished, failed (error kept), killed (SIGINT/SIGTERM, last step kept),
crashed (heartbeat stale for 60 s: the process vanished; set FRONTIER_STALE_AFTER_MS to change).

Examples:
  $ frontier runs list --limit 5
  $ frontier runs list -s crashed
  $ frontier runs show 20261129-163012-ab12cd
  $ frontier runs compare RUN_A RUN_B --only-differences
  $ frontier runs list --json | jq '.[0].keyMetrics.testAccuracy'`,
    );
  const tracking = () => runs.opts<{ tracking?: string }>().tracking;

  runs
    .command('list')
    .description('list runs, newest first, with status, duration and key metrics')
    .option('-e, --experiment <name>', 'only this experiment')
    .addOption(
      new Option('-s, --status <status>', 'only runs with this status').choices(RUN_STATUSES as RunStatus[]),
    )
    .option('-n, --limit <n>', 'at most N runs', intFlag('--limit'), 20)
    .action(async (o: { experiment?: string; status?: RunStatus; limit: number }) => {
      const now = Date.now();
      const list = await withStore(tracking(), async (s) => {
        const found = await s.listRuns({ experiment: o.experiment, status: o.status, limit: o.limit });
        const entries: RunListEntry[] = [];
        for (const r of found) {
          const detail = await s.getRun(r.id);
          entries.push({ ...r, durationMs: runDurationMs(r, now), keyMetrics: keyMetrics(detail.metrics) });
        }
        return entries;
      });
      const filtered = o.experiment !== undefined || o.status !== undefined;
      const none = filtered ? 'no runs match these filters' : 'no runs yet: try `frontier evaluate`';
      emit(flags(), list, () => (list.length === 0 ? none : runsTable(list)));
    });

  runs
    .command('show')
    .description('show one run: status, test metrics, training metrics, params and artifacts')
    .argument('<run-id>')
    .action(async (id: string) => {
      const { run, artifacts } = await withStore(tracking(), async (s) => ({
        run: await s.getRun(id),
        artifacts: await s.listArtifacts(id),
      }));
      emit(flags(), { ...run, keyMetrics: keyMetrics(run.metrics), artifacts }, () =>
        runReport(run, artifacts),
      );
    });

  runs
    .command('compare')
    .description('params and final metrics of several runs side by side')
    .argument('<run-ids...>')
    .option('-d, --only-differences', 'hide rows where every run agrees')
    .action(async (ids: string[], o: { onlyDifferences?: boolean }) => {
      const details = await withStore(tracking(), (s) => Promise.all(ids.map((id) => s.getRun(id))));
      const cmp = compareRuns(details);
      const rows = cmp.rows.filter((r) => !o.onlyDifferences || r.differs);
      emit(flags(), { ...cmp, rows }, () =>
        table(
          ['', 'key', ...cmp.runIds],
          rows.map((r) => [r.differs ? '*' : '', r.key, ...r.values.map((v) => (v === null ? '–' : fmt(v)))]),
        ),
      );
    });
}

function fmt(v: string | number): string {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(5) : String(v);
}
