/** The real entry point as `npm start` runs it: a child process configured by environment and flags. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { spawnServer as start } from '../helpers/server-process.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const staticDir = mkdtempSync(join(tmpdir(), 'chat-static-'));
mkdirSync(join(staticDir, 'assets'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Chat</title><chat-app></chat-app>');
writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');

test('starts on HOST and PORT, prints its URL, serves the client and /healthz', async () => {
  const server = start({ PORT: '0', HOST: '127.0.0.1', STATIC_DIR: staticDir });
  const url = await within(10_000, 'the server to print its URL', server.ready);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${url}/healthz`);
  assert.is(health.status, 200);
  assert.equal(await health.json(), { ok: true });
  const page = await fetch(`${url}/`);
  assert.match(await page.text(), '<chat-app>');
  const script = await fetch(`${url}/assets/app.js`);
  assert.match(script.headers.get('content-type') ?? '', /javascript/);
  // Client-side routes fall back to the app.
  assert.match(await (await fetch(`${url}/some/route`)).text(), '<chat-app>');
  server.child.kill('SIGTERM');
  assert.is(await within(5000, 'exit', server.exited), 0);
});

test('SIGTERM closes every client with 1001 and exits cleanly', async () => {
  const server = start({ PORT: '0', STATIC_DIR: staticDir });
  const url = await within(10_000, 'the server to print its URL', server.ready);
  const wsUrl = `${url.replace('http', 'ws')}/ws`;
  const alice = await TestClient.joined(wsUrl, 'Alice');
  const bystander = await TestClient.open(wsUrl);
  server.child.kill('SIGTERM');
  assert.is((await alice.closed).code, 1001);
  assert.is((await bystander.closed).code, 1001);
  assert.is(await within(5000, 'exit', server.exited), 0);
});

test('flags override the environment', async () => {
  const server = start({ PORT: '1', STATIC_DIR: staticDir }, ['--port', '0', '--host', '127.0.0.1']);
  const url = await within(10_000, 'the server to print its URL', server.ready);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  server.child.kill('SIGTERM');
  assert.is(await within(5000, 'exit', server.exited), 0);
});

test('a bad setting stops the server with a message naming it', async () => {
  const server = start({ PORT: 'eighty', ICE_SERVERS: '[not json' });
  let stderr = '';
  server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  assert.is(await within(10_000, 'exit', server.exited), 2);
  assert.match(stderr, /PORT/);
  assert.match(stderr, /ICE_SERVERS/);
});

test('without a built client, the page says how to build it (and /healthz still answers)', async () => {
  const server = start({ PORT: '0', STATIC_DIR: join(staticDir, 'missing') });
  const url = await within(10_000, 'the server to print its URL', server.ready);
  const page = await fetch(`${url}/`);
  assert.is(page.status, 404);
  assert.match(await page.text(), /npm run build/);
  assert.is((await fetch(`${url}/healthz`)).status, 200);
  server.child.kill('SIGTERM');
  await server.exited;
});

test.run();
