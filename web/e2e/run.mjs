#!/usr/bin/env node
// End-to-end test of the dashboard in Debian's Chromium (headless, through playwright-core)
// against `vigil serve` on a store this test prepares itself.
//   node web/e2e/run.mjs --vigil PATH [--web-root web/dist] [--out DIR]
// Exit 0 when every case passes, 1 otherwise, 77 (skipped) only when /usr/bin/chromium is
// missing and VIGIL_E2E_OPTIONAL=1. Screenshots and the server log go to --out.
// Any request (or WebSocket) of the pages to a host other than the loopback server under test
// fails the run: the dashboard must fetch nothing from anywhere else.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { cases } from './cases.mjs';
import { prepareCity, serve } from './city.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    vigil: { type: 'string' },
    'web-root': { type: 'string', default: path.join(here, '..', 'dist') },
    out: { type: 'string', default: path.join(process.cwd(), 'web-e2e') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    only: { type: 'string' },
  },
});

const log = (line) => console.log(line);
const seconds = (start) => ((Date.now() - start) / 1000).toFixed(1);

async function main() {
  const started = Date.now();
  if (!values.vigil || !existsSync(values.vigil)) throw new Error(`--vigil ${values.vigil ?? ''}: no such binary`);
  if (!existsSync(values.chromium)) {
    if (process.env.VIGIL_E2E_OPTIONAL === '1') {
      log(`e2e: skipped: ${values.chromium} is missing (VIGIL_E2E_OPTIONAL=1); install the chromium package`);
      return 77;
    }
    throw new Error(`${values.chromium} is missing: install the Debian package chromium (scripts/install-deps.sh)`);
  }
  const webRoot = path.resolve(values['web-root']);
  if (!existsSync(path.join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html is missing: build the web first (make web)`);
  const out = path.resolve(values.out);
  mkdirSync(out, { recursive: true });

  log('e2e: preparing the city');
  const city = prepareCity(path.resolve(values.vigil), path.join(out, 'work'), log);
  log(`e2e: city ready in ${seconds(started)} s`);
  const server = await serve(path.resolve(values.vigil), city, webRoot, path.join(out, 'server.log'), log);
  const browser = await chromium.launch({
    executablePath: values.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const pageErrors = [];
  const foreign = [];
  const serverHost = new URL(server.url).host;
  // data: and blob: URLs (MapLibre's workers) stay inside the page; everything else must go
  // to the server under test.
  const checkUrl = (kind, url) => {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || url === 'about:blank') return;
    if (!['http:', 'ws:'].includes(u.protocol) || u.host !== serverHost) foreign.push(`${kind} ${url}`);
  };
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  context.on('request', (request) => checkUrl(`${request.method()} (${request.resourceType()})`, request.url()));
  const ctx = {
    url: server.url,
    vigil: path.resolve(values.vigil),
    city,
    out,
    screenshots: [],
    newPage: async () => {
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      page.on('websocket', (socket) => checkUrl('WebSocket', socket.url()));
      return page;
    },
  };
  const results = [];
  try {
    for (const c of cases) {
      if (values.only && !c.name.includes(values.only)) continue;
      const start = Date.now();
      try {
        await c.run(ctx);
        results.push({ name: c.name, ok: true, seconds: seconds(start) });
        log(`e2e: PASS ${c.name} (${seconds(start)} s)`);
      } catch (error) {
        results.push({ name: c.name, ok: false, seconds: seconds(start), error: String(error?.stack ?? error) });
        log(`e2e: FAIL ${c.name} (${seconds(start)} s)\n${error?.stack ?? error}`);
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  results.push({ name: 'no requests to hosts other than the server under test', ok: foreign.length === 0, error: foreign.join('\n') || undefined });
  log(foreign.length === 0
    ? `e2e: PASS no requests to hosts other than ${serverHost}`
    : `e2e: FAIL requests to hosts other than ${serverHost}:\n${[...new Set(foreign)].join('\n')}`);
  if (pageErrors.length) {
    results.push({ name: 'no script errors in the page', ok: false, error: pageErrors.join('\n') });
    log(`e2e: FAIL script errors in the page:\n${pageErrors.join('\n')}`);
  }
  writeFileSync(path.join(out, 'results.json'), JSON.stringify({ seconds: seconds(started), results, screenshots: ctx.screenshots }, null, 2));
  const failed = results.filter((r) => !r.ok).length;
  log(`e2e: ${results.length - failed} passed, ${failed} failed in ${seconds(started)} s; screenshots in ${out}`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`e2e: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
