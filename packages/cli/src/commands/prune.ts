import type { Command } from 'commander';
import { pruneKind } from '@frontier/core/techniques';
import { checkedFlag, fractionFlag, intFlag } from '../flags.ts';
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '@frontier/core';
import { loadStudyData } from '@frontier/core/evaluate';
import { resolveStudy } from '@frontier/core/study';
import { loadModel, saveModel } from '@frontier/core/io';
import { countParams } from '@frontier/core/models';
import { ProgressBar, Trainer } from '@frontier/core/train';
import {
  checkOutputDir,
  copySidecars,
  describeArtifact,
  startArtifactRun,
  MagnitudePruner,
  constantSparsity,
  formatSparsityReport,
  polynomialDecay,
  pruneStructured,
  type SparsityPattern,
} from '@frontier/core/compress';
import { studyConfig, studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';

/** The study's data as tensors, for commands that fine-tune or test a saved model. */
export async function commandData(configPath: string | undefined, o: StudyFlags) {
  const study = resolveStudy(await studyConfig(configPath, o), tf.getBackend());
  return loadStudyData(study);
}

/** Test accuracy of `model` on `test`. */
export function testAccuracy(model: tf.LayersModel, test: { x: tf.Tensor; y: tf.Tensor }): number {
  return new Trainer(model).evaluate(test.x, test.y).accuracy ?? NaN;
}

/** Parses --pattern: `unstructured`, `N:M` (e.g. 2:4) or `block:RxC` (e.g. block:1x4). */
export function parsePattern(text: string): SparsityPattern {
  if (text === 'unstructured') return { kind: 'unstructured' };
  const nm = /^(\d+):(\d+)$/.exec(text);
  if (nm) return { kind: 'nm', n: Number(nm[1]), m: Number(nm[2]) };
  const block = /^block:(\d+)x(\d+)$/.exec(text);
  if (block) return { kind: 'block', rows: Number(block[1]), cols: Number(block[2]) };
  throw new FrontierError('CLI_PATTERN', `unknown sparsity pattern ${JSON.stringify(text)}`, {
    where: '--pattern',
    hint: 'use unstructured, N:M (e.g. 2:4) or block:RxC (e.g. block:1x4)',
  });
}

interface PruneFlags extends StudyFlags {
  out: string;
  sparsity: number;
  scope: 'layer' | 'global';
  pattern: string;
  filters?: number;
  fineTune: number;
  config?: string;
}

/** `frontier prune <model-dir> -o <dir>`: magnitude, N:M, block or structured pruning of a saved model. */
export function pruneCommand(program: Command, flags: () => GlobalFlags): void {
  studyOptions(
    program
      .command('prune')
      .description(
        'prune a saved tfjs model: magnitude (gradual with fine-tuning, or one-shot), N:M, block, or structured filters',
      )
      .argument('<model-dir>', 'folder holding model.json + weights.bin'),
  )
    .requiredOption('-o, --out <dir>', 'where to write the pruned model')
    .option(
      '--sparsity <s>',
      'target fraction of zero kernel weights',
      checkedFlag('--sparsity', pruneKind.params.shape.sparsity.unwrap()),
      pruneKind.params.parse({}).sparsity,
    )
    .option('--scope <scope>', 'rank weights per layer or across all layers: layer | global', 'global')
    .option('--pattern <p>', 'unstructured | N:M (e.g. 2:4) | block:RxC (e.g. block:1x4)', 'unstructured')
    .option(
      '--filters <fraction>',
      'structured: remove this fraction of hidden filters/units (the model shrinks)',
      fractionFlag('--filters'),
    )
    .option(
      '--fine-tune <epochs>',
      'epochs of fine-tuning on the config data set (0: one-shot, no data needed)',
      intFlag('--fine-tune', 0),
      0,
    )
    .option(
      '--config <file>',
      'study config JSON naming the data set for fine-tuning and testing (default MNIST)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ frontier prune models/cnn -o models/cnn-90 --sparsity 0.9                   # one-shot, global magnitude
  $ frontier prune models/cnn -o models/cnn-90 --fine-tune 1 --train-limit 3000 # gradual (polynomial) while fine-tuning
  $ frontier prune models/cnn -o models/cnn-24 --pattern 2:4 --fine-tune 1
  $ frontier prune models/cnn -o models/cnn-small --filters 0.5 --fine-tune 1 --json`,
    )
    .action(async (modelDir: string, o: PruneFlags) => {
      if (o.scope !== 'layer' && o.scope !== 'global') {
        throw new FrontierError(
          'CLI_SCOPE',
          `--scope must be layer or global, got ${JSON.stringify(o.scope)}`,
          { where: '--scope' },
        );
      }
      await checkOutputDir(modelDir, o.out);
      const input = await describeArtifact(modelDir);
      const tracked = await startArtifactRun({
        command: 'prune',
        tracking: o.tracking,
        input,
        params: {
          out: o.out,
          sparsity: o.sparsity,
          scope: o.scope,
          pattern: o.pattern,
          filters: o.filters,
          fineTune: o.fineTune,
          config: o.config,
        },
      });
      try {
        const model = await loadModel(modelDir);
        const data = o.fineTune > 0 ? await commandData(o.config, o) : undefined;
        const before = data ? testAccuracy(model, data.test) : undefined;
        const paramsBefore = countParams(model);
        let result = model;
        let lines: string[];
        let json: Record<string, unknown>;
        if (o.filters !== undefined) {
          const s = await pruneStructured(model, { fraction: o.filters });
          result = s.model;
          if (data) await fineTune(result, data, o.fineTune, undefined);
          lines = s.report.layers.map((l) => `${l.layer}: ${l.before} → ${l.after}`);
          json = { structured: s.report.layers.map(({ kept: _kept, ...rest }) => rest) };
        } else {
          const pattern = parsePattern(o.pattern);
          let schedule = constantSparsity(o.sparsity);
          if (data && pattern.kind !== 'nm') {
            const steps = o.fineTune * Math.ceil(data.train.x.shape[0] / 32);
            const endStep = Math.max(1, Math.floor(0.6 * steps));
            schedule = polynomialDecay({
              initialSparsity: 0,
              finalSparsity: o.sparsity,
              endStep,
              frequency: Math.min(100, Math.max(1, Math.floor(endStep / 10))),
            });
          }
          const pruner = new MagnitudePruner(model, { schedule, scope: o.scope, pattern });
          if (data) await fineTune(model, data, o.fineTune, pruner);
          else pruner.step(0);
          const report = pruner.strip();
          lines = [formatSparsityReport(report)];
          json = {
            sparsity: report.sparsity,
            kernelSparsity: report.kernelSparsity,
            weights: report.weights,
          };
        }
        await saveModel(result, o.out);
        await copySidecars(modelDir, o.out);
        const output = await describeArtifact(o.out);
        const after = data ? testAccuracy(result, data.test) : undefined;
        await tracked.finish(output, { 'accuracy.before': before, 'accuracy.after': after });
        const notes =
          input.format === 'float32'
            ? []
            : [
                `the input is ${input.format}-quantized: pruning works on its dequantized weights and writes float32; quantize the pruned model again (frontier quantize ${o.out} -o …)`,
              ];
        const summary = {
          out: o.out,
          runId: tracked.runId,
          format: { before: input.format, after: output.format },
          parameters: { before: paramsBefore, after: countParams(result) },
          accuracy: data ? { before, after } : undefined,
          bytes: { before: input.rawBytes, after: output.rawBytes },
          gzipBytes: { before: input.gzipBytes, after: output.gzipBytes },
          notes,
          ...json,
        };
        emit(flags(), summary, () =>
          [
            ...lines,
            ...(data ? [`test accuracy ${pct(before!)} → ${pct(after!)}`] : []),
            sizeLine(input, output),
            ...notes.map((n) => `note: ${n}`),
            `saved to ${o.out} (run ${tracked.runId})`,
          ].join('\n'),
        );
      } catch (err) {
        await tracked.fail();
        throw err;
      }
    });
}

/** `bytes a → b (gzip c → d), format x → y`: the true sizes of the folders read and written. */
export function sizeLine(
  input: { rawBytes: number; gzipBytes: number; format: string },
  output: { rawBytes: number; gzipBytes: number; format: string },
): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const ratio = (a: number, b: number) =>
    a >= b ? `${(a / b).toFixed(2)}× smaller` : `${(b / a).toFixed(2)}× larger`;
  return `${input.format} → ${output.format}: ${n(input.rawBytes)} → ${n(output.rawBytes)} bytes (${ratio(input.rawBytes, output.rawBytes)}), gzipped ${n(input.gzipBytes)} → ${n(output.gzipBytes)} (${ratio(input.gzipBytes, output.gzipBytes)})`;
}

async function fineTune(
  model: tf.LayersModel,
  data: { train: { x: tf.Tensor; y: tf.Tensor } },
  epochs: number,
  pruner: MagnitudePruner | undefined,
): Promise<void> {
  const trainer = new Trainer(model, { transforms: pruner ? [pruner] : [] });
  // a redrawn bar on a terminal; logs and pipes stay quiet
  const progress = process.stderr.isTTY ? [new ProgressBar(process.stderr)] : [];
  await trainer.fit(data.train.x, data.train.y, {
    epochs,
    batchSize: 32,
    callbacks: [...(pruner ? [pruner] : []), ...progress],
  });
  trainer.optimizer.dispose();
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)}%`;
}
