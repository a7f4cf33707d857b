/**
 * With the server forcing relay, a private chat, a file and a video call between two Chromium
 * pages all go through a real coturn, using the short-lived credentials the server hands out.
 */
import type { Browser, Page } from 'playwright-core';
import { suite } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { messageIn } from '../../harness/app-page.ts';
import { chromiumPath, launchChromium } from '../../harness/chromium.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { turnCredentials } from '../../signaling/ice-servers.ts';
import { callStatus, remoteVideoPlays, ring } from '../helpers/calls.ts';
import { coturnPath, startCoturn, type Coturn } from '../helpers/coturn.ts';
import { aliceAndBob, say, sendAndSave } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { TurnClient } from '../helpers/turn-client.ts';

const test = suite('e2e: TURN relay (coturn)');
const chromium = chromiumPath();
const turnserver = coturnPath();
let coturn: Coturn, server: TestServer, browser: Browser;
let alice: Page, bob: Page;
const dir = scratchDir(test, 'e2e-relay-');

test.before(async () => {
  coturn = await startCoturn(turnserver!);
  server = await startTestServer({ staticDir: 'dist', turnUrls: [coturn.url], turnSecret: coturn.secret, iceTransportPolicy: 'relay' });
  browser = await launchChromium(chromium!);
  [alice, bob] = await aliceAndBob(browser, server.url, { chatting: true });
});

test.after(async () => {
  await browser?.close();
  await server?.close();
  await coturn?.stop();
});

test('the relay refuses to relay to private and loopback addresses, but for the one address these peers use', async () => {
  const { username, credential } = turnCredentials(coturn.secret, 'Probe', 600);
  const client = await TurnClient.allocate(coturn.port, username, credential);
  try {
    assert.is(await client.permit('127.0.0.1'), 200, 'both peers here are relayed from 127.0.0.1');
    // A permission sends nothing to the peer: only the relay's answer is tested.
    for (const denied of ['127.0.0.2', '10.0.0.1', '172.16.5.4', '192.168.1.20', '169.254.169.254', '100.64.0.1', '0.0.0.1']) {
      assert.is(await client.permit(denied), 403, `a permission to ${denied}`);
    }
  } finally {
    client.close();
  }
});

test('a private chat connects through the relay, and says so', async () => {
  await say(alice, 'through the relay');
  await messageIn(bob, 'through the relay').waitFor({ timeout: 20_000 });
  await alice.getByRole('status').getByText('Connected (via relay)').waitFor({ timeout: 5000 });
  await bob.getByRole('status').getByText('Connected (via relay)').waitFor({ timeout: 5000 });
});

test('with relay forced, a file arrives too: accepted, saved, byte-identical', async () => {
  await sendAndSave(alice, bob, dir, 'relayed.bin', 8 * 1024 * 1024 + 3);
});

test('a video call connects through the relay, says so, and video plays', async () => {
  await ring(alice, bob, 'Video call');
  await bob.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(alice).getByText(/relayed via TURN$/).waitFor({ timeout: 20_000 });
  await callStatus(bob).getByText(/relayed via TURN$/).waitFor({ timeout: 5000 });
  assert.ok((await remoteVideoPlays(bob)) > 0);
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await callStatus(bob).getByText('Alice hung up').waitFor({ timeout: 5000 });
});

if (chromium && turnserver) test.run();
