import type { Command } from 'commander';
import { FrontierError } from '@frontier/core';
import type { ModelVersion, RegisteredModel } from '@frontier/core/track';
import { emit, table, type GlobalFlags } from '../output.ts';
import { withStore } from './runs.ts';

const day = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);

/** The human table of `models list`: one row per name, with its latest version. */
export function modelsTable(models: readonly RegisteredModel[]): string {
  return table(
    ['name', 'versions', 'latest', 'aliases', 'run', 'artifact'],
    models.map((m) => {
      const latest = m.versions[m.versions.length - 1];
      return [
        m.name,
        m.versions.length,
        latest.version,
        Object.entries(m.aliases)
          .map(([alias, v]) => `${alias}→${v}`)
          .join(' ') || '–',
        latest.runId,
        latest.artifactPath,
      ];
    }),
  );
}

/** The human table of `models show`: every version with its run, artifact, date and aliases. */
export function versionsTable(versions: readonly ModelVersion[]): string {
  return table(
    ['version', 'aliases', 'run', 'artifact', 'registered'],
    versions.map((v) => [v.version, v.aliases.join(' ') || '–', v.runId, v.artifactPath, day(v.created)]),
  );
}

/** `frontier models list|show`: read the model registry of the tracking store. */
export function modelsCommand(program: Command, flags: () => GlobalFlags): void {
  const models = program
    .command('models')
    .description('list and show registered models (the tracking store’s model registry)')
    .option('--tracking <url>', 'tracking store: a SQLite path or postgres:// URL')
    .addHelpText(
      'after',
      `
Models are registered by \`frontier train --register NAME\` (versions 1, 2, 3 … per name).

Examples:
  $ frontier models list
  $ frontier models show penguin-mlp
  $ frontier models show penguin-mlp production
  $ frontier models list --json | jq '.[].name'`,
    );
  const tracking = () => models.opts<{ tracking?: string }>().tracking;

  models
    .command('list')
    .description('every registered model: versions, latest version’s run and artifact, aliases')
    .action(async () => {
      const list = await withStore(tracking(), (s) => s.listModels());
      emit(flags(), list, () =>
        list.length === 0
          ? 'no registered models yet: try `frontier train --register NAME`'
          : modelsTable(list),
      );
    });

  models
    .command('show')
    .description('the versions of one model, or one version by number or alias')
    .argument('<name>')
    .argument('[version]', 'a version number or an alias such as production')
    .action(async (name: string, version: string | undefined) => {
      if (version === undefined) {
        const versions = await withStore(tracking(), (s) => s.listModelVersions(name));
        if (versions.length === 0) {
          throw new FrontierError(
            'TRACK_UNKNOWN_MODEL',
            `no registered model named ${JSON.stringify(name)}`,
            {
              where: 'frontier models show',
              hint: 'list the names with `frontier models list`',
            },
          );
        }
        const aliases = Object.fromEntries(versions.flatMap((v) => v.aliases.map((a) => [a, v.version])));
        emit(flags(), { name, versions, aliases }, () => `model ${name}\n\n${versionsTable(versions)}`);
        return;
      }
      const key = /^\d+$/.test(version) ? Number(version) : version;
      const v = await withStore(tracking(), (s) => s.getModelVersion(name, key));
      emit(flags(), v, () => `model ${name} version ${v.version}\n\n${versionsTable([v])}`);
    });
}
