import type { Command } from 'commander';
import { tuneSettingsSchema } from '@frontier/core/tune';
import { checkedFlag } from '../flags.ts';

const settings = tuneSettingsSchema.shape;
import { FrontierError } from '@frontier/core';
import { tune, type TuneConfig, type TuneOptions } from '@frontier/core/tune';
import { studyConfig, studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, table, type GlobalFlags } from '../output.ts';

interface TuneFlags extends StudyFlags {
  trials?: number;
  sampler?: TuneOptions['sampler'];
  pruner?: TuneOptions['pruner'];
  workers?: number;
  study?: string;
  metric?: string;
  out?: string;
  inProcess?: boolean;
}

/** `frontier tune [config]`: hyperparameter search over the config's `search` block. */
export function tuneCommand(program: Command, flags: () => GlobalFlags): void {
  studyOptions(
    program
      .command('tune')
      .description(
        'search hyperparameters: sample, train and prune trials in worker processes, tracked and resumable',
      )
      .argument('[config]', 'study config JSON with a "search" block (format of evaluate, plus search)'),
  )
    .option(
      '--trials <n>',
      'total trials of the study (default 20)',
      checkedFlag('--trials', settings.trials.unwrap()),
    )
    .option('--sampler <name>', 'random | grid | tpe (default tpe)')
    .option('--pruner <name>', 'none | asha | hyperband (default asha)')
    .option(
      '--workers <n>',
      'worker processes training trials in parallel (default 2)',
      checkedFlag('--workers', settings.workers.unwrap()),
    )
    .option(
      '--study <name>',
      'study name; rerun with the same name to resume, or from other machines to share it',
    )
    .option('--metric <key>', 'objective: an epoch log key such as val_accuracy (default) or val_loss')
    .option('-o, --out <dir>', 'report and models folder (default reports/tune-<study>)')
    .option('--in-process', 'train trials in this process instead of worker processes')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier tune tune.json --trials 30 --sampler tpe --pruner asha --workers 2
  $ frontier tune tune.json --sampler grid --pruner none --study grid-1 --json
  $ FRONTIER_TRACKING_URL=postgres://u:p@db/frontier frontier tune tune.json --study shared   # on each machine

A tune config is a study config plus a "search" block over its fields (dot paths):
  { "dataset": { "name": "penguins" }, "train": { "epochs": 9 },
    "search": {
      "train.optimizer.name":         { "type": "choice", "values": ["adam", "momentum"] },
      "train.optimizer.learningRate": { "type": "float", "low": 1e-4, "high": 0.1, "log": true },
      "train.optimizer.momentum":     { "type": "float", "low": 0.5, "high": 0.99,
                                        "when": { "param": "train.optimizer.name", "in": ["momentum"] } },
      "train.batchSize":              { "type": "int", "low": 16, "high": 128, "step": 16 } },
    "tune": { "trials": 20, "sampler": "tpe", "pruner": "asha", "workers": 2 } }
Parameter types: int | float (low, high, optional log or step) | choice (values); "when" makes one conditional.
To search layers, give "model" as a full config and address e.g. "model.layers.0.units".
Interrupted? Rerun the same command: finished trials are kept, orphaned ones are failed and replaced.`,
    )
    .action(async (configPath: string | undefined, o: TuneFlags) => {
      const config = (await studyConfig(configPath, o)) as TuneConfig;
      if (config.search === undefined) {
        throw new FrontierError('TUNE_NO_SEARCH', 'the config has no "search" block', {
          where: configPath ?? '(no config file)',
          hint: 'pass a config with "search": { "train.optimizer.learningRate": { "type": "float", "low": 1e-4, "high": 0.1, "log": true } }; see frontier tune --help',
        });
      }
      const r = await tune(config, {
        trials: o.trials,
        sampler: o.sampler,
        pruner: o.pruner,
        workers: o.workers,
        study: o.study,
        metric: o.metric,
        out: o.out,
        inProcess: o.inProcess,
        log: flags().json ? undefined : (m) => process.stderr.write(`${m}\n`),
      });
      emit(
        flags(),
        {
          study: r.study,
          sampler: r.sampler,
          pruner: r.pruner,
          metric: r.metric,
          best: r.best && {
            number: r.best.number,
            runId: r.best.runId,
            value: r.best.value,
            params: r.best.params,
          },
          bestConfig: r.bestConfig,
          bestModelDir: r.bestModelDir ?? null,
          trialEpochs: r.trialEpochs,
          trials: r.trials.map((t) => ({
            number: t.number,
            runId: t.runId,
            state: t.state,
            value: t.value ?? null,
            epochs: t.intermediate.length,
            params: t.params,
          })),
          importance: r.importance,
          report: r.reportPath,
        },
        () => {
          const keys = Object.keys(config.search);
          const rows = r.trials.map((t) => [
            t.number,
            t.state,
            t.value === undefined ? '–' : t.value.toFixed(4),
            t.intermediate.length,
            ...keys.map((k) => (k in t.params ? JSON.stringify(t.params[k]) : '–')),
          ]);
          const best = r.best
            ? `best: trial ${r.best.number}, ${r.metric} ${r.best.value?.toFixed(4)} ${JSON.stringify(r.best.params)}`
            : 'no trial finished';
          return [
            table(['#', 'state', r.metric, 'epochs', ...keys], rows),
            '',
            best,
            `${r.trialEpochs} trial-epochs; importance (η²): ${r.importance.map((i) => `${i.param} ${i.eta2.toFixed(2)}`).join(', ')}`,
            ...(r.bestModelDir ? [`best model: ${r.bestModelDir}`] : []),
            `report: ${r.reportPath}`,
          ].join('\n');
        },
      );
    });
}
