import type { Command } from 'commander';
import { loadModel, modelFileSize, saveModel } from '@frontier/core/io';
import { countParams } from '@frontier/core/models';
import { distill, makeStudent } from '@frontier/core/compress';
import { studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';
import { commandData, testAccuracy } from './prune.ts';

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
    .option('--fraction <f>', 'student parameters ≤ this fraction of the teacher', parseFloat, 0.25)
    .option('--temperature <T>', 'softmax temperature of the soft targets', parseFloat, 4)
    .option(
      '--alpha <a>',
      'weight of the hard-label loss (1 − alpha goes to the soft targets)',
      parseFloat,
      0.1,
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
      const teacher = await loadModel(teacherDir);
      const data = await commandData(o.config, o);
      const student = await makeStudent(teacher, o.fraction);
      const history = await distill(teacher, student, data.train.x, data.train.y, {
        temperature: o.temperature,
        alpha: o.alpha,
        epochs: o.epochs ?? 1,
      });
      await saveModel(student, o.out);
      const size = await modelFileSize(o.out);
      const summary = {
        out: o.out,
        parameters: { teacher: countParams(teacher), student: countParams(student) },
        accuracy: { teacher: testAccuracy(teacher, data.test), student: testAccuracy(student, data.test) },
        loss: history.map((h) => h.loss),
        bytes: size.rawBytes,
        gzipBytes: size.gzipBytes,
      };
      emit(flags(), summary, () =>
        [
          `student: ${summary.parameters.student.toLocaleString('en-US')} parameters (${((100 * summary.parameters.student) / summary.parameters.teacher).toFixed(1)}% of the teacher)`,
          `test accuracy: teacher ${(summary.accuracy.teacher * 100).toFixed(2)}%, student ${(summary.accuracy.student * 100).toFixed(2)}%`,
          `saved to ${o.out}`,
        ].join('\n'),
      );
    });
}
