// Prepares the end-to-end test's own store from the synthetic city (as scripts/run-demo.sh
// does, on a shorter period), forecasts for two slots and two categories, a patrol plan in a
// reports directory, and accounts (analyst, patrol officer, dispatcher, auditor); then serves it with `vigil serve` on a free loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const roadProfile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'profiles', 'roads', 'vigil-sim.json');

export const password = 'e2e-password-0123';
export const accounts = { analyst: 'ana', patrol_officer: 'pat', dispatcher: 'dis', auditor: 'aud' };

// Two slots (day forecasts) and two categories: the learned model (with reasons) for theft,
// the 28-day naive model for assault.
export const slots = ['2023-03-30T00:00:00Z', '2023-03-31T00:00:00Z'];
export const forecasts = [
  { model: 'xgboost', category: 'theft' },
  { model: 'naive-28d', category: 'assault' },
];

function run(vigil, args, log, input) {
  const started = Date.now();
  const result = spawnSync(vigil, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  log(`  $ vigil ${args.join(' ')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) {
    throw new Error(`vigil ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}`);
  }
  return result.stdout;
}

/** Builds the store and reports under `work`; returns their paths. */
export function prepareCity(vigil, work, log) {
  rmSync(work, { recursive: true, force: true });
  const sim = path.join(work, 'sim');
  const store = path.join(work, 'city.sqlite');
  const reports = path.join(work, 'reports');
  mkdirSync(path.join(reports, 'patrol-plans'), { recursive: true });
  mkdirSync(path.join(reports, 'backtests'), { recursive: true });
  const v = (args, input) => run(vigil, ['--store', store, ...args], log, input);
  run(vigil, ['sim', '--seed', '7', '--out', sim, '--days', '90'], log);
  v(['ingest', '-p', 'vigil-incidents', '--rejects', path.join(work, 'rejects-incidents.csv'), path.join(sim, 'incidents.csv')]);
  v(['ingest', '-p', 'vigil-calls', '--rejects', path.join(work, 'rejects-calls.csv'), path.join(sim, 'calls.csv')]);
  for (const [kind, file] of [['district', 'districts'], ['neighborhood', 'neighborhoods'], ['boundary', 'boundary']]) {
    v(['ingest-areas', '--kind', kind, '--code-field', 'code', '--name-field', 'name', '--rejects', path.join(work, 'rejects-areas.csv'), path.join(sim, `${file}.geojson`)]);
  }
  for (const layer of ['stations', 'units', 'cameras']) {
    v(['ingest-layer', '--layer', layer, '--rejects', path.join(work, 'rejects-layers.csv'), path.join(sim, `${layer}.csv`)]);
  }
  for (const slot of slots) {
    for (const f of forecasts) {
      v(['predict', '--model', f.model, '--category', f.category, '--at', slot, '--horizon', '1d', '--train-days', '60',
        '--out', path.join(work, `forecast-${f.category}-${slot.slice(0, 10)}`)]);
    }
  }
  v(['patrol', '--graph', path.join(sim, 'roads.geojson'), '--profile', roadProfile, '--cars', '6', '--shift-hours', '8',
    '--iterations', '200', '--time-limit', '0', '--out', path.join(reports, 'patrol-plans', 'day-shift')]);
  v(['backtest', '--models', 'naive-28d,kde,etas', '--categories', 'theft', '--test-from', '2023-03-16', '--test-to', '2023-03-30',
    '--train-days', '60', '--refit-days', '14', '--out', path.join(reports, 'backtests', 'march')]);
  for (const [role, name] of Object.entries(accounts)) v(['user', 'add', '--name', name, '--role', role], `${password}\n`);
  return { work, store, reports, roads: path.join(sim, 'roads.geojson') };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `vigil serve` and waits until it answers; returns {url, stop}. */
export async function serve(vigil, { store, reports, roads }, webRoot, logFile, log) {
  const port = await freePort();
  const args = ['serve', '--store', store, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot, '--reports-dir', reports, '--threads', '2',
    '--graph', roads, '--profile', roadProfile];
  const child = spawn(vigil, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vigil serve exited ${child.exitCode}:\n${output.join('')}`);
    try {
      const response = await fetch(`${url}/api/v1/layers`);
      if (response.status === 401) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`  vigil ${args.join(' ')}`);
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(logFile, output.join(''));
  };
  return { url, stop };
}
