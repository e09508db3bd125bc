import type { Command } from 'commander';
import { intFlag } from '../flags.ts';
import { FrontierError } from '@frontier/core';
import { loadModel } from '@frontier/core/io';
import {
  checkOutputDir,
  copySidecars,
  describeArtifact,
  startArtifactRun,
  formatQuantizationErrorReport,
  quantizationErrorReport,
  saveInt8,
  saveQuantized,
  WEIGHT_QUANT_DTYPES,
  type QuantizationErrorReport,
} from '@frontier/core/compress';
import { studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';
import { commandData, sizeLine, testAccuracy } from './prune.ts';

const DTYPES = [...WEIGHT_QUANT_DTYPES, 'int8'] as const;

interface QuantizeFlags extends StudyFlags {
  out: string;
  dtype: string;
  minElements: number;
  report?: boolean;
  config?: string;
}

/** `frontier quantize <model-dir> -o <dir> --dtype uint8`: post-training weight quantization. */
export function quantizeCommand(program: Command, flags: () => GlobalFlags): void {
  studyOptions(
    program
      .command('quantize')
      .description(
        'quantize the weights of a saved tfjs model (float16/uint8/uint16 load in stock tfjs; int8 is per-channel and loads with Frontier, stock tfjs refuses it)',
      )
      .argument('<model-dir>', 'folder holding model.json + weights.bin'),
  )
    .requiredOption('-o, --out <dir>', 'where to write the quantized model')
    .option('--dtype <dtype>', `${DTYPES.join(' | ')}`, 'uint8')
    .option(
      '--min-elements <n>',
      'keep weights with fewer elements (e.g. biases) in float32',
      intFlag('--min-elements'),
      1,
    )
    .option(
      '--report',
      'test accuracy before/after and a per-layer quantization error report on the config data set',
    )
    .option('--config <file>', 'study config JSON naming the data set for --report (default MNIST)')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier quantize models/cnn -o models/cnn-uint8 --dtype uint8     # loads with tf.loadLayersModel anywhere
  $ frontier quantize models/cnn -o models/cnn-f16 --dtype float16 --json
  $ frontier quantize models/cnn -o models/cnn-int8 --dtype int8 --report --test-limit 1000`,
    )
    .action(async (modelDir: string, o: QuantizeFlags) => {
      if (!(DTYPES as readonly string[]).includes(o.dtype)) {
        throw new FrontierError('CLI_DTYPE', `unknown --dtype ${JSON.stringify(o.dtype)}`, {
          where: '--dtype',
          hint: `use one of ${DTYPES.join(', ')}`,
        });
      }
      await checkOutputDir(modelDir, o.out);
      const input = await describeArtifact(modelDir);
      const tracked = await startArtifactRun({
        command: 'quantize',
        tracking: o.tracking,
        input,
        params: {
          out: o.out,
          dtype: o.dtype,
          minElements: o.minElements,
          report: o.report ?? false,
          config: o.config,
        },
      });
      try {
        const model = await loadModel(modelDir);
        if (o.dtype === 'int8') await saveInt8(model, o.out);
        else await saveQuantized(model, o.out, { dtype: o.dtype as 'uint8', minElements: o.minElements });
        await copySidecars(modelDir, o.out);
        const output = await describeArtifact(o.out);
        // what an app that loads the written folder runs
        const quantized = await loadModel(o.out);
        let report: QuantizationErrorReport | undefined;
        let accuracy: { before: number; after: number } | undefined;
        if (o.report) {
          const data = await commandData(o.config, o);
          accuracy = { before: testAccuracy(model, data.test), after: testAccuracy(quantized, data.test) };
          report = quantizationErrorReport(
            model,
            data.test.x,
            o.dtype === 'int8' ? 'int8-per-channel' : 'uint8',
          );
        }
        await tracked.finish(output, {
          'accuracy.before': accuracy?.before,
          'accuracy.after': accuracy?.after,
        });
        const notes =
          input.format === 'float32'
            ? []
            : [
                `the input is already ${input.format}-quantized: its dequantized weights were quantized again, so the errors add up; quantize the float32 model for the best accuracy`,
              ];
        const summary = {
          out: o.out,
          runId: tracked.runId,
          dtype: o.dtype,
          format: { before: input.format, after: output.format },
          bytes: { before: input.rawBytes, after: output.rawBytes },
          gzipBytes: { before: input.gzipBytes, after: output.gzipBytes },
          ratio: input.rawBytes / output.rawBytes,
          accuracy,
          report,
          notes,
        };
        emit(flags(), summary, () =>
          [
            sizeLine(input, output),
            ...(accuracy
              ? [
                  `test accuracy ${(accuracy.before * 100).toFixed(2)}% → ${(accuracy.after * 100).toFixed(2)}%`,
                ]
              : []),
            ...(report ? [formatQuantizationErrorReport(report)] : []),
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
