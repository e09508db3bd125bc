// Writes schema/study.schema.json and schema/tune.schema.json from the zod schemas
// (run `npm run schema` after changing a schema or a technique kind; a test checks
// that the files are current).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../packages/core/src/evaluate/index.ts';

for (const kind of ['study', 'tune'] as const) {
  const path = new URL(`../schema/${kind}.schema.json`, import.meta.url);
  writeFileSync(path, `${JSON.stringify(configJsonSchema(kind), null, 2)}\n`);
  process.stderr.write(`wrote ${path.pathname}\n`);
}
