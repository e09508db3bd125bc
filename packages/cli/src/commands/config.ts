import type { Command } from 'commander';
import { activeBackend } from '@frontier/core';
import { checkConfig } from '@frontier/core/evaluate';
import { readStudyConfig } from '../config-file.ts';
import { emit, type GlobalFlags } from '../output.ts';

/** `frontier config check FILE`: validates a study or tune config and prints it resolved. */
export function configCommand(program: Command, flags: () => GlobalFlags): void {
  const config = program.command('config').description('check study and tune config files');
  config
    .command('check')
    .description(
      'validate a study or tune config (as evaluate, train and tune read it) and print it with every default filled in',
    )
    .argument('<file>', 'a study or tune config JSON file')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier config check study.json          # the resolved config, or the first problem and its fix
  $ frontier config check tune.json --json    # machine-readable: { kind, study, techniques, sections, … }

Editors check and complete configs that name the schema:
  { "$schema": "./schema/study.schema.json", ... }   (tune configs: schema/tune.schema.json)`,
    )
    .action(async (file: string) => {
      const checked = checkConfig(await readStudyConfig(file), activeBackend(), file);
      emit(flags(), checked, () =>
        [
          `${file}: a valid ${checked.kind} config (backend ${activeBackend()}); resolved with defaults:`,
          JSON.stringify(
            {
              ...checked.study,
              ...(checked.kind === 'tune' ? { search: checked.search, tune: checked.tune } : {}),
            },
            null,
            2,
          ),
          `techniques: ${checked.techniques.join(', ')}`,
          `report sections: ${checked.sections.join(', ')}`,
        ].join('\n'),
      );
    });
}
