/**
 * The slowloris, against the real entry point with the limits as shipped: one address opens
 * SLOWLORIS_CONNECTIONS (default 2000) TCP connections that start a request and never finish its
 * headers. The server runs with 1024 file descriptors, a common default: connections held past
 * that leave nothing for anyone else. While the flood is on, /healthz and a join from another
 * address must succeed; the server must hold no more of the flood than its per-address cap, and
 * let go of those within its request timeout.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { shippedConfig } from '../../harness/server.ts';
import { loopback } from '../helpers/addresses.ts';
import { halfOpen, type HalfOpen } from '../helpers/half-open.ts';
import { metricTotal } from '../helpers/metrics.ts';
import { spawnServer } from '../helpers/server-process.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const CONNECTIONS = Number(process.env.SLOWLORIS_CONNECTIONS ?? 2000);
const MAX_OPEN_FILES = 1024;
/** Connections opened at a time: more would only overflow the listen backlog and wait out SYN retries. */
const BATCH = 100;

/** How a probe went: `ok` (and in how many ms), or why it failed. */
async function probe(what: () => Promise<unknown>): Promise<string> {
  const started = performance.now();
  try {
    await within(3000, 'the probe', what());
    return `ok in ${(performance.now() - started).toFixed(0)} ms`;
  } catch (error) {
    return `failed (${(error as Error).message})`;
  }
}

test(`slowloris: ${CONNECTIONS} half-open connections from one address leave /healthz and joins working`, async () => {
  const server = spawnServer({ PORT: '0', HOST: '127.0.0.1', STATIC_DIR: 'no-client-needed' }, [], { maxOpenFiles: MAX_OPEN_FILES });
  const flood: HalfOpen[] = [];
  try {
    const url = await within(20_000, 'the server to start', server.ready);
    const wsUrl = `${url.replace('http', 'ws')}/ws`;
    const started = performance.now();
    for (let opened = 0; opened < CONNECTIONS; opened += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, CONNECTIONS - opened) }, () => halfOpen(url, loopback(2)));
      flood.push(...(await Promise.all(batch)));
    }
    const openedIn = (performance.now() - started) / 1000;

    const health = await probe(async () => {
      const response = await fetch(`${url}/healthz`);
      if (response.status !== 200) throw new Error(`status ${response.status}`);
    });
    const join = await probe(async () => (await TestClient.joined(wsUrl, 'Honest')).close());
    const held = flood.filter((connection) => !connection.isEnded).length;
    const refused = await metricTotal(url, 'chat_rejected_connections_total').catch(() => NaN);
    const releasing = performance.now();
    const released = await within(20_000, 'the held connections to be released', Promise.all(flood.map((c) => c.ended))).then(
      () => `${((performance.now() - releasing) / 1000).toFixed(1)} s later`,
      () => `not within 20 s (${flood.filter((c) => !c.isEnded).length} still open)`,
    );

    console.log(
      `  slowloris: ${CONNECTIONS} half-open connections from one address in ${openedIn.toFixed(1)} s (server limited to ${MAX_OPEN_FILES} files); ` +
        `the server held ${held} of them and refused ${refused} at accept; during the flood /healthz ${health}, a join ${join}; the held ones released ${released}`,
    );
    assert.match(health, /^ok/, '/healthz during the flood');
    assert.match(join, /^ok/, 'a join during the flood');
    assert.ok(held <= shippedConfig().maxSocketsPerIp, `${held} held`);
    assert.match(released, /later$/);
  } finally {
    for (const connection of flood) connection.socket.destroy();
    server.child.kill('SIGTERM');
    await within(10_000, 'the server to exit', server.exited);
  }
});

test.run();
