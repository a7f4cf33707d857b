import { pino } from 'pino';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { CLOSE_CODES } from '../../common/close-codes.ts';
import { startTestServer } from '../../harness/server.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const FRAMES = 20_000;

test(`${FRAMES} one-byte frames from one unjoined socket: closed with 1008, logged once, the rest dropped`, async () => {
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  const server = await startTestServer({}, undefined, log);
  const flooder = await TestClient.open(server.wsUrl);
  for (let i = 0; i < FRAMES; i++) flooder.send('x');
  assert.is((await within(10_000, 'the close', flooder.closed)).code, CLOSE_CODES.policyViolation);
  // Every frame that reached the server was handled before the connection ended.
  assert.is((await fetch(`${server.url}/healthz`)).status, 200);
  const answered = flooder.count('error');
  console.log(`  log flood: ${FRAMES} frames sent, ${answered} answered, ${warnings.length} warning lines logged`);
  assert.is(warnings.length, 1, 'one warning');
  assert.match(warnings[0]!, /rate-limit/);
  await server.close();
});

test.run();
