/**
 * SLOW E2E TEST (several minutes: a build, three `npm pack`s, an `npm install` that
 * compiles the native addons, and a short study). Set FRONTIER_SKIP_PACK_TEST=1 to
 * skip it locally.
 *
 * Frontier as a user installs it: `npm run build`, every workspace package packed,
 * the tarballs installed into an empty folder outside the repository, and then, with
 * no tsx and no repository on the module path:
 *   (a) a plain Node `.mjs` imports @frontier/core, selects the onednn backend and
 *       trains a tiny model on a separable set;
 *   (b) a TypeScript file type-checks against the published .d.ts (NodeNext);
 *   (c) `npx frontier evaluate` runs a one-epoch baseline study.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const workspaces = ['@frontier/core', '@frontier/backend-onednn', '@frontier/cli'];
const skip = process.env.FRONTIER_SKIP_PACK_TEST === '1' ? 'FRONTIER_SKIP_PACK_TEST=1' : false;
/** oneDNN's headers are what the addon's install-time build needs beyond a compiler. */
const hasOneDnn = ['/usr/include', '/usr/local/include'].some((d) =>
  existsSync(join(d, 'oneapi', 'dnnl', 'dnnl.hpp')),
);

/**
 * The environment of a consumer: none of the repository's loader flags or export
 * conditions (`npm run test:unit` sets NODE_OPTIONS), and no npm_* settings of the
 * npm process that runs this test.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || k.toLowerCase().startsWith('npm_')) continue;
    env[k] = v;
  }
  return env;
}

function run(cmd: string, args: string[], cwd: string, env = consumerEnv()): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} exited ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

let root = '';
let app = '';
let installLog = '';
const packed = new Map<string, string[]>();

before(
  () => {
    if (skip) return;
    root = mkdtempSync(join(tmpdir(), 'frontier-pack-'));
    app = join(root, 'app');
    const tarballs = join(root, 'tarballs');
    ok(run('npm', ['run', 'build'], repo), 'npm run build');
    const packArgs = [
      'pack',
      '--json',
      '--pack-destination',
      tarballs,
      ...workspaces.flatMap((w) => ['-w', w]),
    ];
    mkdirSync(tarballs);
    mkdirSync(app);
    const manifests = JSON.parse(ok(run('npm', packArgs, repo), 'npm pack')) as Array<{
      name: string;
      filename: string;
      files: Array<{ path: string }>;
    }>;
    for (const m of manifests)
      packed.set(
        m.name,
        m.files.map((f) => f.path),
      );
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'frontier-consumer', private: true, type: 'module' }, null, 2),
    );
    // The consumer's own dev dependency for (b): Node's types, at the repository's version (cached).
    const typesNode = JSON.parse(
      readFileSync(join(repo, 'node_modules', '@types', 'node', 'package.json'), 'utf8'),
    ) as { version: string };
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    installLog = ok(
      run(
        'npm',
        [
          'install',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--foreground-scripts',
          ...files,
          `@types/node@${typesNode.version}`,
        ],
        app,
      ),
      'npm install of the tarballs',
    );
  },
  { timeout: 20 * 60_000 },
);

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the tarballs hold the compiled packages and no tests or sources', { skip }, () => {
  const core = packed.get('@frontier/core') ?? [];
  for (const f of [
    'package.json',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/index.js.map',
    'dist/train/index.js',
  ])
    assert.ok(core.includes(f), `@frontier/core lacks ${f}`);
  assert.ok(
    core.includes('dist/preprocess/decode-worker-boot.mjs'),
    'the decode worker boot file is shipped',
  );
  for (const [name, files] of packed) {
    assert.deepEqual(
      files.filter((f) => /\.test\.|(^|\/)e2e\//.test(f)),
      [],
      `${name} ships tests`,
    );
    assert.deepEqual(
      files.filter((f) => f.startsWith('src/')),
      [],
      `${name} ships TypeScript sources`,
    );
    assert.ok(!files.some((f) => f.endsWith('.tsbuildinfo')), `${name} ships tsc's build state`);
  }
  const onednn = packed.get('@frontier/backend-onednn') ?? [];
  for (const f of ['binding.gyp', 'scripts/build.js', 'native/addon.cc', 'dist/index.js'])
    assert.ok(onednn.includes(f), `@frontier/backend-onednn lacks ${f}`);
  assert.ok(!onednn.some((f) => f.startsWith('build/')), 'no prebuilt addon in the tarball');
  const cli = packed.get('@frontier/cli') ?? [];
  assert.ok(cli.includes('bin/frontier.js') && cli.includes('dist/main.js'));
});

test('the native addon builds from the tarball, or the install says the one-line fix', { skip }, () => {
  if (hasOneDnn) {
    assert.match(installLog, /@frontier\/backend-onednn: native addon built/);
    assert.ok(
      existsSync(join(app, 'node_modules/@frontier/backend-onednn/build/Release/frontier_onednn.node')),
    );
  } else {
    assert.match(installLog, /native addon not built .*To enable onednn run: apt-get install/);
  }
});

test('(a) a plain Node .mjs imports @frontier/core and trains on the onednn backend', { skip }, () => {
  // Two classes on either side of x0 + x1 = 0, 2 points apart at least: separable.
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { selectBackend } from '@frontier/core';
    import { buildModel, mlp } from '@frontier/core/models';
    import { Trainer } from '@frontier/core/train';
    import { loadNative } from '@frontier/backend-onednn';

    const backend = await selectBackend(() => {});
    const rows = [];
    const labels = [];
    for (let i = 0; i < 256; i++) {
      const c = i % 2;
      const a = ((i * 37) % 101) / 101 - 0.5;
      const b = ((i * 53) % 97) / 97 - 0.5;
      const s = c === 1 ? 1 : -1;
      rows.push([s * (1 + Math.abs(a)) + b, s * (1 + Math.abs(b)) - b]);
      labels.push(c === 1 ? [0, 1] : [1, 0]);
    }
    const x = tf.tensor2d(rows);
    const y = tf.tensor2d(labels);
    const trainer = new Trainer(buildModel(mlp({ inputShape: [2], hidden: [8], classes: 2 })), {
      optimizer: { name: 'adam', learningRate: 0.05 },
    });
    const before = trainer.evaluate(x, y);
    await trainer.fit(x, y, { epochs: 1, batchSize: 16 });
    const after = trainer.evaluate(x, y);
    console.log(JSON.stringify({ backend, active: tf.getBackend(), native: loadNative().ok, before, after }));
  `;
  writeFileSync(join(app, 'train.mjs'), script);
  const out = ok(run(process.execPath, ['train.mjs'], app), 'node train.mjs');
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '') as {
    backend: string;
    active: string;
    native: boolean;
    before: { loss: number; accuracy: number };
    after: { loss: number; accuracy: number };
  };
  const expected = hasOneDnn ? 'onednn' : 'cpu';
  assert.equal(r.backend, expected);
  assert.equal(r.active, expected);
  assert.equal(r.native, hasOneDnn);
  assert.ok(r.after.loss < r.before.loss, `loss ${r.before.loss} → ${r.after.loss} did not decrease`);
  assert.ok(r.after.accuracy > 0.9, `accuracy ${r.after.accuracy} after one epoch on a separable set`);
});

test('(b) a TypeScript file type-checks against the published types (NodeNext)', { skip }, () => {
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['check.ts'],
    }),
  );
  // The expect-error lines make the check fail if the published types were `any` or missing.
  writeFileSync(
    join(app, 'check.ts'),
    `import { FrontierError, selectBackend, evaluate, type StudyConfig } from '@frontier/core';
import { buildModel, mlp } from '@frontier/core/models';
import { Trainer, type EvalResult } from '@frontier/core/train';
import { loadNative } from '@frontier/backend-onednn';

const backend: string = await selectBackend();
// @ts-expect-error selectBackend resolves to a string
const wrong: number = await selectBackend();
const config: StudyConfig = { train: { epochs: 1 }, techniques: ['baseline'] };
const run: Promise<{ runId: string }> = evaluate(config);
const trainer = new Trainer(buildModel(mlp({ inputShape: [2], classes: 2 })));
// @ts-expect-error mlp needs an inputShape
mlp({ classes: 2 });
type Loss = EvalResult['loss'];
const loss: Loss = 1;
const native: boolean = loadNative().ok;
const err: Error = new FrontierError('X', 'y');
export { backend, wrong, run, trainer, loss, native, err };
`,
  );
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
  // skipLibCheck is off so that our own .d.ts are checked too; tfjs 4.22's own .d.ts
  // do not pass a full check (its users set skipLibCheck), so its errors are left out.
  const errors = `${r.stdout}${r.stderr}`
    .split('\n')
    .filter((l) => /error TS\d+/.test(l) && !l.startsWith('node_modules/@tensorflow/'));
  assert.deepEqual(errors, [], 'tsc found errors in check.ts or in the published Frontier types');
  assert.ok(r.status === 0 || /node_modules\/@tensorflow\//.test(r.stdout), r.stdout);
});

test('(c) npx frontier evaluate runs a one-epoch baseline study', { skip, timeout: 10 * 60_000 }, () => {
  writeFileSync(join(app, 'study.json'), JSON.stringify({ techniques: ['baseline'] }));
  const args = ['frontier', 'evaluate', 'study.json', '--epochs', '1', '--train-limit', '1000'];
  const out = ok(run('npx', [...args, '--test-limit', '500', '--json'], app), 'npx frontier evaluate');
  const result = JSON.parse(out) as {
    matrix: Array<{ technique: string; metrics: Record<string, { value: number }> }>;
    report: string;
  };
  const baseline = result.matrix.find((r) => r.technique === 'baseline');
  assert.ok(baseline, `no baseline row in ${out}`);
  assert.ok(baseline.metrics.accuracy.value > 0.8, `baseline accuracy ${baseline.metrics.accuracy.value}`);
  assert.ok(existsSync(resolve(app, result.report)), `the report ${result.report} was written`);
});
