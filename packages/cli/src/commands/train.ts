import type { Command } from 'commander';
import { trainStudy } from '@frontier/core/evaluate';
import { studyConfig, studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';

/** `frontier train [config]`: train one model, tracked, with checkpoint/resume. */
export function trainCommand(program: Command, flags: () => GlobalFlags): void {
  studyOptions(
    program
      .command('train')
      .description("train the config's model, evaluate it on the test split and save it in tfjs format")
      .argument('[config]', 'study config JSON (same format as evaluate)'),
  )
    .option('-o, --out <dir>', 'where to save the model (default models/<run-id>)')
    .option('--checkpoint-dir <dir>', 'checkpoint every epoch here; rerun with the same folder to resume')
    .option('--register <name>', 'register the model under this name in the model registry')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier train --epochs 2 -o models/cnn
  $ frontier train study.json --checkpoint-dir ckpt/   # kill it any time, rerun to resume
  $ frontier train --register mnist-cnn --json`,
    )
    .action(
      async (
        configPath: string | undefined,
        o: StudyFlags & { out?: string; checkpointDir?: string; register?: string },
      ) => {
        const config = await studyConfig(configPath, o);
        config.experiment ??= 'train';
        const r = await trainStudy(config, {
          out: o.out,
          checkpointDir: o.checkpointDir,
          registerAs: o.register,
        });
        emit(flags(), r, () =>
          [
            `run ${r.runId}: test accuracy ${(r.test.accuracy * 100).toFixed(2)}%, loss ${r.test.loss.toFixed(4)}`,
            `model (${r.parameters.toLocaleString('en-US')} parameters) saved to ${r.modelDir}`,
            ...(r.version ? [`registered as version ${r.version}`] : []),
          ].join('\n'),
        );
      },
    );
}
