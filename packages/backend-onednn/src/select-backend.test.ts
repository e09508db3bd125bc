import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { BackendSelectionError, registerOnednnBackend, selectBackend } from './select-backend.ts';

const registered = registerOnednnBackend();
const indexPath = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Runs selectBackend() in a fresh process with `env`; returns its output. */
function selectInChild(env: Record<string, string>): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const script = `import('${indexPath}').then(async (m) => { try { console.log('active=' + await m.selectBackend()); } catch (e) { console.log('error=' + e.name + ': ' + e.message); process.exitCode = 3; } });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test(
  'selectBackend prefers onednn and honours FRONTIER_BACKEND=cpu',
  { skip: registered.ok ? false : 'onednn addon unavailable' },
  async () => {
    assert.equal(await selectBackend({ requested: '' }), 'onednn');
    assert.equal(tf.getBackend(), 'onednn');
    assert.equal(await selectBackend({ requested: 'cpu' }), 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.equal(await selectBackend({ requested: 'onednn' }), 'onednn');
  },
);

test('an unknown FRONTIER_BACKEND is a clear error', async () => {
  await assert.rejects(selectBackend({ requested: 'gpu' }), (e: unknown) => {
    assert.ok(e instanceof BackendSelectionError);
    assert.match(e.message, /FRONTIER_BACKEND='gpu'.*expected 'cpu' or 'onednn'/);
    return true;
  });
});

test('a missing addon falls back to cpu with one line naming the fix', () => {
  const r = selectInChild({
    FRONTIER_ONEDNN_ADDON: '/nonexistent/frontier_onednn.node',
    FRONTIER_BACKEND: '',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /active=cpu/);
  const notice = r.stderr.split('\n').filter((l) => l.startsWith('frontier:'));
  assert.equal(notice.length, 1);
  assert.match(
    notice[0],
    /native addon is not built .*apt-get install -y libdnnl-dev .*npm rebuild @frontier\/backend-onednn/,
  );
});

test('FRONTIER_BACKEND=onednn without the addon is an error, not a silent fallback', () => {
  const r = selectInChild({
    FRONTIER_ONEDNN_ADDON: '/nonexistent/frontier_onednn.node',
    FRONTIER_BACKEND: 'onednn',
  });
  assert.equal(r.status, 3);
  assert.match(
    r.stdout,
    /error=BackendSelectionError: FRONTIER_BACKEND=onednn but the native addon is not built.*Fix: apt-get install/,
  );
});
