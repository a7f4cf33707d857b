/**
 * What a server started with no settings at all protects: the WebSocket opens only to pages of its
 * own origin, static responses carry a Content-Security-Policy and friends, and `/metrics` answers
 * only loopback (or whoever has its token).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import type { Config } from '../../signaling/config.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { spawnServer } from '../helpers/server-process.ts';
import { within } from '../helpers/timing.ts';

const staticDir = scratchDir(test, 'chat-static-');
const STYLE = 'html,body{margin:0}';
mkdirSync(join(staticDir, 'assets'));
writeFileSync(join(staticDir, 'index.html'), `<!doctype html><style>${STYLE}</style><script type="module" src="/assets/app.js"></script><chat-app></chat-app>`);
writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');

async function withServer(overrides: Partial<Config>, body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer({ staticDir, ...overrides });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** Opens a socket with these handshake headers and reports the answer: 'open', or the HTTP status. */
function upgrade(url: string, headers: { origin?: string; host?: string; 'x-forwarded-host'?: string } = {}): Promise<'open' | number> {
  const { origin, ...rest } = headers;
  const socket = new WebSocket(url, { origin, headers: rest });
  return within(3000, 'the upgrade answer', new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  }));
}

test('with no ALLOWED_ORIGINS, a page of another origin cannot open the WebSocket; the server\'s own pages and programs without an Origin can', () =>
  withServer({}, async (server) => {
    assert.is(await upgrade(server.wsUrl, { origin: 'http://evil.example' }), 403);
    assert.is(await upgrade(server.wsUrl, { origin: 'null' }), 403);
    // Same host, another port: another origin.
    assert.is(await upgrade(server.wsUrl, { origin: `http://127.0.0.1:${server.port + 1}` }), 403);
    assert.is(await upgrade(server.wsUrl, { origin: server.url }), 'open');
    assert.is(await upgrade(server.wsUrl), 'open', 'the CLI and other programs send no Origin');
  }));

test('own origin means the host the request came to: any LAN name or address, or the host a reverse proxy forwards', () =>
  withServer({}, async (server) => {
    assert.is(await upgrade(server.wsUrl, { host: '192.168.1.20:8080', origin: 'http://192.168.1.20:8080' }), 'open');
    assert.is(await upgrade(server.wsUrl, { host: 'chat.lan:8080', origin: 'http://chat.lan:8080' }), 'open');
    assert.is(await upgrade(server.wsUrl, { host: 'chat.lan:8080', origin: 'http://chat.lan.evil.example:8080' }), 403);
    // A TLS-terminating proxy: the page is https on the default port, the server sees its own address.
    assert.is(await upgrade(server.wsUrl, { 'x-forwarded-host': 'chat.example.org', origin: 'https://chat.example.org' }), 'open');
    assert.is(await upgrade(server.wsUrl, { host: 'chat.example.org', origin: 'https://chat.example.org' }), 'open');
    assert.is(await upgrade(server.wsUrl, { 'x-forwarded-host': 'chat.example.org', origin: 'https://evil.example' }), 403);
  }));

test('an explicit ALLOWED_ORIGINS list is exactly what is allowed', () =>
  withServer({ allowedOrigins: ['https://chat.example.org'] }, async (server) => {
    assert.is(await upgrade(server.wsUrl, { origin: 'https://chat.example.org' }), 'open');
    assert.is(await upgrade(server.wsUrl, { origin: server.url }), 403);
    assert.is(await upgrade(server.wsUrl), 403);
  }));

test('the real entry point, on every interface with no settings, refuses a foreign page', async () => {
  const server = spawnServer({ PORT: '0', HOST: '0.0.0.0', STATIC_DIR: staticDir });
  try {
    const url = (await within(10_000, 'the server to print its URL', server.ready)).replace('0.0.0.0', '127.0.0.1');
    const wsUrl = `${url.replace('http', 'ws')}/ws`;
    assert.is(await upgrade(wsUrl, { origin: 'http://evil.example' }), 403);
    assert.is(await upgrade(wsUrl, { origin: url }), 'open');
  } finally {
    server.child.kill('SIGTERM');
    await within(5000, 'exit', server.exited);
  }
});

test('static responses carry a Content-Security-Policy (with the page\'s own inline style), nosniff, frame-ancestors and a Referrer-Policy', () =>
  withServer({}, async (server) => {
    const styleHash = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
    for (const path of ['/', '/assets/app.js', '/some/route', '/assets/missing.js']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, "default-src 'self'", path);
      assert.match(csp, "script-src 'self' 'wasm-unsafe-eval';", path);
      assert.match(csp, `style-src 'self' ${styleHash}`, path);
      assert.match(csp, "frame-ancestors 'none'", path);
      assert.match(csp, "object-src 'none'", path);
      assert.match(csp, "base-uri 'none'", path);
      assert.not.match(csp, /'unsafe-(inline|eval)'/, path);
      assert.is(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.is(response.headers.get('referrer-policy'), 'no-referrer', path);
    }
  }));

test('without METRICS_TOKEN, /metrics answers loopback only: a request a local proxy relays (X-Forwarded-For, Forwarded) is refused', () =>
  withServer({}, async (server) => {
    assert.is((await fetch(`${server.url}/metrics`)).status, 200);
    assert.is((await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 403);
    assert.is((await fetch(`${server.url}/metrics`, { headers: { forwarded: 'for=203.0.113.9' } })).status, 403);
    assert.is((await fetch(`${server.url}/metrics`, { headers: { 'x-real-ip': '203.0.113.9' } })).status, 403);
  }));

test('with METRICS_TOKEN, /metrics wants it as a bearer token, from anywhere', () =>
  withServer({ metricsToken: 's3cret-token' }, async (server) => {
    assert.is((await fetch(`${server.url}/metrics`)).status, 401);
    assert.is((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer s3cret-token', 'x-forwarded-for': '203.0.113.9' } });
    assert.is(ok.status, 200);
    assert.match(await ok.text(), 'chat_connections');
  }));

test('loopback, as /metrics reads it', async () => {
  const { isLoopback } = await import('../../signaling/metrics-access.ts');
  for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopback(address), address);
  for (const address of ['10.0.0.1', '192.168.1.20', '::ffff:192.168.1.20', 'fe80::1', '2001:db8::1', '', undefined]) assert.not.ok(isLoopback(address), String(address));
});

test.run();
