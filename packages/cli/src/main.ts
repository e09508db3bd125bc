import { Command } from 'commander';
import { selectBackend } from '@frontier/core';
import { configCommand } from './commands/config.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { distillCommand } from './commands/distill.ts';
import { explainCommand } from './commands/explain.ts';
import { pruneCommand } from './commands/prune.ts';
import { quantizeCommand } from './commands/quantize.ts';
import { modelsCommand } from './commands/models.ts';
import { runsCommand } from './commands/runs.ts';
import { trainCommand } from './commands/train.ts';
import { tuneCommand } from './commands/tune.ts';
import { commanderOutput, reportError, type GlobalFlags } from './output.ts';

const program = new Command('frontier')
  .description('Train, compress, explain, protect and evaluate neural networks in TypeScript.')
  .option('--json', 'print machine-readable JSON on stdout; errors as one JSON line on stderr')
  .option('-v, --verbose', 'print stack traces on errors')
  .showSuggestionAfterError()
  .exitOverride()
  .configureOutput(commanderOutput())
  .hook('preAction', async () => {
    await selectBackend();
  })
  .addHelpText(
    'after',
    `
Examples:
  $ frontier evaluate                  # the default study: brief CNN on MNIST, every technique, a report
  $ frontier train --epochs 2 -o models/cnn
  $ frontier explain models/cnn --method ig
  $ frontier prune models/cnn -o models/cnn-pruned --sparsity 0.9
  $ frontier quantize models/cnn -o models/cnn-uint8 --dtype uint8
  $ frontier tune study.json --sampler tpe --pruner asha --trials 30 --workers 2
  $ frontier runs list
  $ frontier runs compare RUN_A RUN_B
  $ frontier config check study.json   # validate a config, print it with its defaults

Environment:
  FRONTIER_BACKEND=cpu|onednn          force a tensor backend (default: onednn when built)
  FRONTIER_TRACKING_URL=URL            tracking store (default .frontier/tracking.db)
  FRONTIER_STALE_AFTER_MS=MS           a running run silent this long is marked crashed (default 60000)`,
  );
const flags = (): GlobalFlags => program.opts<GlobalFlags>();

evaluateCommand(program, flags);
trainCommand(program, flags);
explainCommand(program, flags);
pruneCommand(program, flags);
quantizeCommand(program, flags);
distillCommand(program, flags);
tuneCommand(program, flags);
runsCommand(program, flags);
modelsCommand(program, flags);
configCommand(program, flags);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // stderr: text, or {"error": {code, message, where, hint}} under --json; commander keeps its exit code
  process.exitCode = reportError(err, flags());
}
