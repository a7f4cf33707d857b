/** A real coturn (`turnserver`) on loopback for the relay suites, with TURN REST auth (a shared secret). */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../harness/free-port.ts';
import { findProgram } from '../../harness/programs.ts';
import { within } from './timing.ts';

export interface Coturn {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  port: number;
  secret: string;
  stop(): Promise<void>;
}

/**
 * Peer addresses a relay must not send to, as the README's coturn example lists them: private,
 * loopback, link-local (cloud metadata), carrier-grade NAT and other special ranges. Otherwise
 * anyone with credentials can use the relay to reach hosts on its own network.
 */
export const DENIED_PEER_RANGES = [
  '0.0.0.0-0.255.255.255', '10.0.0.0-10.255.255.255', '100.64.0.0-100.127.255.255', '127.0.0.0-127.255.255.255',
  '169.254.0.0-169.254.255.255', '172.16.0.0-172.31.255.255', '192.0.0.0-192.0.0.255', '192.168.0.0-192.168.255.255',
  '198.18.0.0-198.19.255.255', '240.0.0.0-255.255.255.255',
  '::1', '64:ff9b::-64:ff9b::ffff:ffff', '::ffff:0.0.0.0-::ffff:255.255.255.255',
  'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
];

export const coturnPath = () => findProgram('coturn', 'TURNSERVER_PATH', ['/usr/bin/turnserver']);

/** Starts coturn and resolves once it answers a STUN binding request. */
export async function startCoturn(executable: string): Promise<Coturn> {
  const port = await freePort();
  const secret = randomBytes(16).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
  const child = spawn(executable, [
    '-n', // no config file: everything is on this command line
    '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    '--min-port=49152', '--max-port=49400',
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=chat.test',
    ...DENIED_PEER_RANGES.map((range) => `--denied-peer-ip=${range}`),
    // The test namespace has only loopback, so both peers' relayed traffic goes to 127.0.0.1: that
    // one address, and no other loopback or private one, is let through.
    '--allow-loopback-peers', '--allowed-peer-ip=127.0.0.1', '--no-multicast-peers',
    '--no-cli', '--no-tls', '--no-dtls', '--fingerprint',
    `--userdb=${join(dir, 'turndb')}`, `--pidfile=${join(dir, 'turnserver.pid')}`,
    '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await within(10_000, 'coturn to answer STUN', Promise.race([
      answersStun(port),
      exited.then(() => Promise.reject(new Error(`coturn exited:\n${log.slice(-2000)}`))),
    ]));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    port,
    secret,
    async stop() {
      child.kill('SIGTERM');
      await within(5000, 'coturn to exit', exited).catch(() => child.kill('SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends STUN binding requests (RFC 5389) every 100 ms until one is answered. */
function answersStun(port: number): Promise<void> {
  const socket = createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
  request.writeUInt32BE(0x2112a442, 4); // magic cookie
  randomBytes(12).copy(request, 8);
  return new Promise<void>((resolve) => {
    const timer = setInterval(() => socket.send(request, port, '127.0.0.1'), 100);
    socket.once('message', () => {
      clearInterval(timer);
      socket.close();
      resolve();
    });
    socket.send(request, port, '127.0.0.1');
  });
}
