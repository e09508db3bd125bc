#!/usr/bin/env node
// Install-time build of the native addon. Never fails the install: when the
// compiler, oneDNN or node headers are missing it prints ONE line saying what
// is missing and the command that fixes it, and exits 0 (the package then
// stays on the cpu backend at run time, with the same diagnosis).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fix = 'apt-get install -y libdnnl-dev g++ make && npm rebuild @frontier/backend-onednn';

function skip(what) {
  console.log(
    `@frontier/backend-onednn: native addon not built (${what}); using the cpu backend. To enable onednn run: ${fix}`,
  );
  process.exit(0);
}

if (process.env.FRONTIER_SKIP_NATIVE_BUILD === '1') skip('FRONTIER_SKIP_NATIVE_BUILD=1');
if (process.platform !== 'linux') skip(`platform ${process.platform} is not supported yet, only linux`);

const has = (cmd, args = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
if (!has('c++') && !has('g++')) skip('no C++ compiler found');
if (!has('make')) skip('make not found');

const headerDirs = [
  '/usr/include',
  '/usr/local/include',
  process.env.DNNL_ROOT && join(process.env.DNNL_ROOT, 'include'),
].filter(Boolean);
if (!headerDirs.some((d) => existsSync(join(d, 'oneapi', 'dnnl', 'dnnl.hpp'))))
  skip('oneDNN headers (oneapi/dnnl/dnnl.hpp) not found');

const require = createRequire(import.meta.url);
// node-gyp is a dev dependency of the workspace; an install from the tarball uses
// the one npm bundles (npm passes its path to install scripts as npm_config_node_gyp).
let nodeGyp;
try {
  require.resolve('node-addon-api');
  try {
    nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    nodeGyp = process.env.npm_config_node_gyp;
    if (!nodeGyp || !existsSync(nodeGyp)) throw new Error('no node-gyp');
  }
} catch {
  skip('node-gyp or node-addon-api is not installed (run npm install in the workspace)');
}

// Build against the headers of the running node when they are on disk, so no
// download is needed (offline machines, CI caches).
const args = [nodeGyp, 'rebuild'];
const localHeaders = resolve(dirname(process.execPath), '..', 'include', 'node', 'node_api.h');
if (existsSync(localHeaders)) args.push(`--nodedir=${resolve(dirname(process.execPath), '..')}`);

const result = spawnSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' });
if (result.status !== 0) {
  const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const firstError = log.split('\n').find((l) => /error/i.test(l)) ?? `node-gyp exited with ${result.status}`;
  skip(`compilation failed: ${firstError.trim().slice(0, 200)}`);
}
console.log('@frontier/backend-onednn: native addon built (build/Release/frontier_onednn.node)');
