import type { Command } from 'commander';
import { distillKind } from '@frontier/core/techniques';
import { checkedFlag } from '../flags.ts';

// The distill technique's parameter schema holds the defaults and ranges, once.
const DEFAULTS = distillKind.params.parse({});
const flag = (key: 'fraction' | 'temperature' | 'alpha') =>
  checkedFlag(`--${key}`, distillKind.params.shape[key].unwrap());
import { loadModel, saveModel } from '@frontier/core/io';
import { countParams } from '@frontier/core/models';
import { formatDuration } from '@frontier/core/train';
import {
  checkOutputDir,
  copySidecars,
  describeArtifact,
  distill,
  makeStudent,
  startArtifactRun,
} from '@frontier/core/compress';
import { studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';
import { commandData, sizeLine, testAccuracy } from './prune.ts';

interface DistillFlags extends StudyFlags {
  out: string;
  fraction: number;
  temperature: number;
  alpha: number;
  config?: string;
}

/** `frontier distill <teacher-dir> -o <dir>`: knowledge distillation into a narrower student. */
export function distillCommand(program: Command, flags: () => GlobalFlags): void {
  studyOptions(
    program
      .command('distill')
      .description("train a narrower student on a saved teacher's soft targets (Hinton et al. 2015)")
      .argument('<teacher-dir>', 'folder holding the teacher model.json + weights.bin'),
  )
    .requiredOption('-o, --out <dir>', 'where to write the student')
    .option(
      '--fraction <f>',
      'student parameters ≤ this fraction of the teacher',
      flag('fraction'),
      DEFAULTS.fraction,
    )
    .option(
      '--temperature <T>',
      'softmax temperature of the soft targets',
      flag('temperature'),
      DEFAULTS.temperature,
    )
    .option(
      '--alpha <a>',
      'weight of the hard-label loss (1 − alpha goes to the soft targets)',
      flag('alpha'),
      DEFAULTS.alpha,
    )
    .option('--config <file>', 'study config JSON naming the data set (default MNIST)')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier distill models/cnn -o models/cnn-student --epochs 2
  $ frontier distill models/cnn -o models/student --fraction 0.1 --temperature 8 --alpha 0.3 --json
  $ frontier distill models/penguins -o models/small --config penguins.json`,
    )
    .action(async (teacherDir: string, o: DistillFlags) => {
      await checkOutputDir(teacherDir, o.out);
      const input = await describeArtifact(teacherDir);
      const tracked = await startArtifactRun({
        command: 'distill',
        tracking: o.tracking,
        input,
        params: {
          out: o.out,
          fraction: o.fraction,
          temperature: o.temperature,
          alpha: o.alpha,
          epochs: o.epochs ?? DEFAULTS.epochs,
          trainLimit: o.trainLimit,
          config: o.config,
        },
      });
      try {
        const teacher = await loadModel(teacherDir);
        const data = await commandData(o.config, o);
        const student = await makeStudent(teacher, o.fraction);
        const epochs = o.epochs ?? DEFAULTS.epochs;
        const bar = process.stderr.isTTY ? ttyProgress(epochs) : undefined;
        const history = await distill(teacher, student, data.train.x, data.train.y, {
          temperature: o.temperature,
          alpha: o.alpha,
          epochs,
          onBatchEnd: bar,
        });
        if (bar) process.stderr.write('\n');
        await saveModel(student, o.out);
        await copySidecars(teacherDir, o.out);
        const output = await describeArtifact(o.out);
        const accuracy = {
          teacher: testAccuracy(teacher, data.test),
          student: testAccuracy(student, data.test),
        };
        await tracked.finish(output, {
          'accuracy.teacher': accuracy.teacher,
          'accuracy.student': accuracy.student,
          loss: history.at(-1)?.loss,
        });
        const summary = {
          out: o.out,
          runId: tracked.runId,
          format: { before: input.format, after: output.format },
          parameters: { teacher: countParams(teacher), student: countParams(student) },
          accuracy,
          loss: history.map((h) => h.loss),
          bytes: { before: input.rawBytes, after: output.rawBytes },
          gzipBytes: { before: input.gzipBytes, after: output.gzipBytes },
        };
        emit(flags(), summary, () =>
          [
            `student: ${summary.parameters.student.toLocaleString('en-US')} parameters (${((100 * summary.parameters.student) / summary.parameters.teacher).toFixed(1)}% of the teacher)`,
            `test accuracy: teacher ${(accuracy.teacher * 100).toFixed(2)}%, student ${(accuracy.student * 100).toFixed(2)}%`,
            sizeLine(input, output),
            `saved to ${o.out} (run ${tracked.runId})`,
          ].join('\n'),
        );
      } catch (err) {
        await tracked.fail();
        throw err;
      }
    });
}

/** A one-line distillation progress bar on stderr, redrawn at most ~10 times a second. */
function ttyProgress(epochs: number): (epoch: number, batch: number, batches: number, loss: number) => void {
  let last = 0;
  let epochStart = performance.now();
  return (epoch, batch, batches, loss) => {
    const t = performance.now();
    if (batch === 1) epochStart = t;
    if (t - last < 100 && batch < batches) return;
    last = t;
    const width = 24;
    const filled = Math.floor((batch / batches) * width);
    const eta = ((t - epochStart) / 1000 / batch) * (batches - batch);
    process.stderr.write(
      `\r${epoch > 0 && batch === 1 ? '\n' : ''}distill epoch ${epoch + 1}/${epochs} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${batch}/${batches} ETA ${formatDuration(eta)} loss ${loss.toFixed(4)}\x1b[K`,
    );
  };
}
