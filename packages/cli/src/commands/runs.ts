import type { Command } from 'commander';
import { compareRuns, openStore, type TrackingStore } from '@frontier/core/track';
import { emit, table, type GlobalFlags } from '../output.ts';

/** `frontier runs list|show|compare`: read the tracking store. */
export function runsCommand(program: Command, flags: () => GlobalFlags): void {
  const runs = program
    .command('runs')
    .description('list, show and compare tracked runs')
    .option('--tracking <url>', 'tracking store: a SQLite path or postgres:// URL')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier runs list --limit 5
  $ frontier runs show 20261129-163012-ab12cd
  $ frontier runs compare RUN_A RUN_B --only-differences
  $ frontier runs list --json | jq '.[0].id'`,
    );
  const withStore = async <T>(fn: (store: TrackingStore) => Promise<T>): Promise<T> => {
    const store = await openStore(runs.opts<{ tracking?: string }>().tracking);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  runs
    .command('list')
    .description('list runs, newest first')
    .option('-e, --experiment <name>', 'only this experiment')
    .option('-s, --status <status>', 'only runs with this status (running, finished, failed, killed)')
    .option('-n, --limit <n>', 'at most N runs', parseInt, 20)
    .action(
      async (o: {
        experiment?: string;
        status?: 'running' | 'finished' | 'failed' | 'killed';
        limit: number;
      }) => {
        const list = await withStore((s) =>
          s.listRuns({ experiment: o.experiment, status: o.status, limit: o.limit }),
        );
        emit(flags(), list, () =>
          list.length === 0
            ? 'no runs yet: try `frontier evaluate`'
            : table(
                ['id', 'experiment', 'status', 'started', 'seconds', 'git'],
                list.map((r) => [
                  r.id,
                  r.experiment,
                  r.status,
                  new Date(r.startTime).toISOString().replace('T', ' ').slice(0, 19),
                  r.endTime ? ((r.endTime - r.startTime) / 1000).toFixed(0) : '–',
                  r.gitSha?.slice(0, 8) ?? '–',
                ]),
              ),
        );
      },
    );

  runs
    .command('show')
    .description('show one run: config, params, latest metrics and artifacts')
    .argument('<run-id>')
    .action(async (id: string) => {
      const { run, artifacts } = await withStore(async (s) => ({
        run: await s.getRun(id),
        artifacts: await s.listArtifacts(id),
      }));
      emit(flags(), { ...run, artifacts }, () =>
        [
          `run ${run.id} (${run.experiment}) ${run.status}`,
          `started ${new Date(run.startTime).toISOString()}${run.endTime ? `, ended ${new Date(run.endTime).toISOString()}` : ''}`,
          `seed ${run.seed ?? '–'}  git ${run.gitSha ?? '–'}  ${Object.entries(run.versions)
            .map(([k, v]) => `${k} ${v}`)
            .join('  ')}`,
          '',
          table(
            ['metric', 'step', 'value'],
            Object.values(run.metrics).map((m) => [m.key, m.step, fmt(m.value)]),
          ),
          '',
          table(
            ['param', 'value'],
            Object.entries(run.params).map(([k, v]) => [k, v]),
          ),
          '',
          table(
            ['artifact', 'kind', 'bytes', 'sha256'],
            artifacts.map((a) => [a.path, a.kind, a.bytes, a.sha256.slice(0, 16)]),
          ),
        ].join('\n'),
      );
    });

  runs
    .command('compare')
    .description('params and final metrics of several runs side by side')
    .argument('<run-ids...>')
    .option('-d, --only-differences', 'hide rows where every run agrees')
    .action(async (ids: string[], o: { onlyDifferences?: boolean }) => {
      const details = await withStore((s) => Promise.all(ids.map((id) => s.getRun(id))));
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
