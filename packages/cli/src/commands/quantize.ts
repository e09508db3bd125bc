import type { Command } from 'commander';
import { FrontierError } from '@frontier/core';
import { loadModel, modelFileSize } from '@frontier/core/io';
import {
  formatQuantizationErrorReport,
  loadInt8,
  quantizationErrorReport,
  saveInt8,
  saveQuantized,
  WEIGHT_QUANT_DTYPES,
  type QuantizationErrorReport,
} from '@frontier/core/compress';
import { studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';
import { commandData, testAccuracy } from './prune.ts';

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
        'quantize the weights of a saved tfjs model (float16/uint8/uint16 load in stock tfjs; int8 is per-channel)',
      )
      .argument('<model-dir>', 'folder holding model.json + weights.bin'),
  )
    .requiredOption('-o, --out <dir>', 'where to write the quantized model')
    .option('--dtype <dtype>', `${DTYPES.join(' | ')}`, 'uint8')
    .option('--min-elements <n>', 'keep weights with fewer elements (e.g. biases) in float32', parseInt, 1)
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
      const model = await loadModel(modelDir);
      let size: { rawBytes: number; gzipBytes: number };
      let quantized;
      if (o.dtype === 'int8') {
        size = await saveInt8(model, o.out);
        quantized = await loadInt8(o.out);
      } else {
        await saveQuantized(model, o.out, { dtype: o.dtype as 'uint8', minElements: o.minElements });
        size = await modelFileSize(o.out);
        quantized = await loadModel(o.out);
      }
      const original = await modelFileSize(modelDir);
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
      const summary = {
        out: o.out,
        dtype: o.dtype,
        bytes: { before: original.rawBytes, after: size.rawBytes },
        gzipBytes: { before: original.gzipBytes, after: size.gzipBytes },
        ratio: original.rawBytes / size.rawBytes,
        accuracy,
        report,
      };
      emit(flags(), summary, () =>
        [
          `${o.dtype}: ${original.rawBytes.toLocaleString('en-US')} → ${size.rawBytes.toLocaleString('en-US')} bytes (${summary.ratio.toFixed(2)}× smaller), saved to ${o.out}`,
          ...(accuracy
            ? [`test accuracy ${(accuracy.before * 100).toFixed(2)}% → ${(accuracy.after * 100).toFixed(2)}%`]
            : []),
          ...(report ? [formatQuantizationErrorReport(report)] : []),
        ].join('\n'),
      );
    });
}
