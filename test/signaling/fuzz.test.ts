/**
 * Hostile input, bounded: random, truncated, nested, huge, binary and wrongly typed frames, and
 * valid frames in invalid orders, from several offenders at once. Every frame must be answered
 * (an error or rejection, or a close with the right code), the process must stay up, and a
 * bystander pair chatting throughout must see every message and no error.
 * FUZZ_FRAMES (default 6000) sets how many frames are tried.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { LIMITS } from '../../common/limits.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 6000);
const OFFENDERS = 3;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Frame = { data: string | Buffer; expect: 'reply' | 'close-1009' };

const VALID = [
  { type: 'hello', v: 1, name: 'x' },
  { type: 'broadcast', text: 'hi' },
  // Addressed to nobody online, so even a mutation that stays valid gets an answer (user-offline).
  { type: 'signal', to: 'Nobody', data: { sid: 's' } },
  { type: 'call', to: 'Nobody', callId: 'c', action: 'ring', media: 'audio' },
];
const WEIRD_VALUES: unknown[] = [null, true, 0, -1, 1e308, '', 'x'.repeat(70), [], {}, [[[]]], { __proto__: { a: 1 } }, '\u0000', '\ud800'];

function generator(random: () => number, joined: () => boolean) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join('');
  const makers: Array<() => Frame> = [
    () => ({ data: Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256))), expect: 'reply' }),
    () => ({ data: text(1 + Math.floor(random() * 100)), expect: 'reply' }),
    () => {
      const whole = JSON.stringify(pick(VALID));
      return { data: whole.slice(0, Math.floor(random() * (whole.length - 1))), expect: 'reply' };
    },
    () => {
      const depth = 1 + Math.floor(random() * 30_000);
      return { data: `${'['.repeat(depth)}${']'.repeat(depth)}`, expect: 'reply' };
    },
    () => {
      const depth = 1 + Math.floor(random() * 20_000);
      return { data: `{"type":"signal","to":"Nobody","data":{"d":${'['.repeat(depth)}${']'.repeat(depth)}}}`, expect: 'reply' };
    },
    () => ({ data: 'z'.repeat(LIMITS.maxFrameBytes + 1 + Math.floor(random() * 1000)), expect: 'close-1009' }),
    () => {
      const frame: Record<string, unknown> = { ...pick(VALID) };
      const key = pick(Object.keys(frame));
      frame[key] = pick(WEIRD_VALUES);
      return { data: JSON.stringify(frame), expect: 'reply' };
    },
    // Valid frames in invalid orders: these all must be refused for what they are.
    () => ({ data: JSON.stringify(joined() ? { type: 'hello', v: 1, name: 'Again' } : { type: 'signal', to: 'Bystander', data: {} }), expect: 'reply' }),
    () => ({ data: JSON.stringify({ type: 'call', to: `ghost${Math.floor(random() * 1e6)}`, callId: 'c1', action: pick(['accept', 'hangup', 'cancel']) }), expect: 'reply' }),
    () => ({ data: JSON.stringify({ type: 'hello', v: 1, name: text(1 + Math.floor(random() * 40)) }), expect: 'reply' }),
  ];
  return () => pick(makers)();
}

test(`${FRAMES} hostile frames: every one answered, nothing crashes, the bystanders notice nothing`, async () => {
  const server = await startTestServer({
    // Rate limits have their own tests; here they would only slow the fuzzing down.
    messagesPerSecond: 1e6,
    messageBurst: 1e6,
    bytesPerSecond: 1e9,
    byteBurst: 1e9,
    broadcastsPerSecond: 1e6,
    broadcastBurst: 1e6,
  });
  const speaker = await TestClient.joined(server.wsUrl, 'Speaker');
  const bystander = await TestClient.joined(server.wsUrl, 'Bystander');
  let said = 0;
  // Four a second: inside the default broadcast rate, which stays on.
  const chatter = setInterval(() => speaker.send({ type: 'broadcast', text: `n${said++}` }), 250);

  try {
    await fuzz(server);
  } catch (error) {
    await server.close(); // a failure must not leave the process hanging on open sockets
    throw error;
  } finally {
    clearInterval(chatter);
  }
  speaker.send({ type: 'broadcast', text: 'last' });
  await bystander.next('broadcast', (m) => m.text === 'last', 10_000);
  const heard = bystander.received.filter((m) => m.type === 'broadcast' && m.text.startsWith('n')).map((m) => (m.type === 'broadcast' ? m.text : ''));
  assert.equal(heard, Array.from({ length: said }, (_, i) => `n${i}`), 'every bystander message, once, in order');
  assert.is(bystander.count('error') + speaker.count('error'), 0);
  assert.is((await fetch(`${server.url}/healthz`)).status, 200);
  console.log(`  bystanders: ${said} messages sent, all ${heard.length} heard once and in order, 0 errors`);
  await Promise.all([speaker.close(), bystander.close()]);
  await server.close();
});

async function fuzz(server: TestServer): Promise<void> {
  const stats = { tried: 0, errors: 0, rejected: 0, welcomed: 0, accepted: 0, closes1009: 0 };
  const codes = new Map<string, number>();
  const offend = async (seed: number) => {
    const random = prng(seed);
    let client = await TestClient.open(server.wsUrl);
    let joined = false;
    const next = generator(random, () => joined);
    while (stats.tried < FRAMES) {
      const frame = next();
      stats.tried++;
      const before = client.received.length;
      client.send(frame.data);
      if (frame.expect === 'close-1009') {
        assert.is((await within(3000, 'close 1009', client.closed)).code, 1009);
        stats.closes1009++;
        client = await TestClient.open(server.wsUrl);
        joined = false;
        continue;
      }
      // The answer to this frame; presence and room traffic to a joined offender are not answers.
      const isAnswer = (m: (typeof client.received)[number]) => ['error', 'rejected', 'welcome', 'broadcast-ack'].includes(m.type);
      const reply = await within(3000, `a reply to ${String(frame.data).slice(0, 60)}`, new Promise<(typeof client.received)[number]>((resolve, reject) => {
        const check = () => {
          const answer = client.received.slice(before).find(isAnswer);
          if (answer) resolve(answer);
          else if (client.socket.readyState !== client.socket.OPEN) reject(new Error(`closed instead of answering ${String(frame.data).slice(0, 60)}`));
          else setImmediate(check);
        };
        check();
      }));
      client.inbox.length = 0;
      if (reply.type === 'error') {
        stats.errors++;
        codes.set(reply.code, (codes.get(reply.code) ?? 0) + 1);
      } else if (reply.type === 'rejected') {
        stats.rejected++;
        codes.set(reply.code, (codes.get(reply.code) ?? 0) + 1);
      } else if (reply.type === 'broadcast-ack') {
        stats.accepted++;
      } else if (reply.type === 'welcome') {
        stats.welcomed++;
        joined = true;
      } else {
        assert.unreachable(`unexpected reply ${JSON.stringify(reply)} to ${String(frame.data).slice(0, 80)}`);
      }
    }
    await client.close();
  };
  await Promise.all(Array.from({ length: OFFENDERS }, (_, i) => offend(1234 + i)));
  console.log(
    `  fuzz: ${stats.tried} frames tried by ${OFFENDERS} offenders; ${stats.errors} error frames, ${stats.rejected} rejections, ` +
      `${stats.welcomed} joins, ${stats.accepted} valid broadcasts, ${stats.closes1009} closes (1009); codes ${JSON.stringify(Object.fromEntries(codes))}`,
  );
}

test.run();
