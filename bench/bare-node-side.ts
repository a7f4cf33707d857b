/**
 * One side of the bare Node data channel that `bare-node-channel.ts` measures the command-line peer
 * against: `@roamhq/wrtc` with nothing of the app around it. Run as a child process with an IPC
 * channel, over which the parent relays the two sides' signals.
 *   sender <file>:   one ordered channel, 256 KiB chunks read from the file, paced by `bufferedAmount`
 *                    (polled down to 512 KiB once past 1 MiB);
 *   receiver <file>: feeds every chunk to an incremental SHA-256 and appends it to the file, then
 *                    reports the digest and the time from the first chunk to the last written.
 */
import wrtc from '@roamhq/wrtc';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

const CHUNK = 256 * 1024;
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 512 * 1024;

const [role, path] = process.argv.slice(2) as ['sender' | 'receiver', string];
const send = (message: unknown) => process.send!(message);
const pc: RTCPeerConnection = new wrtc.RTCPeerConnection({ iceServers: [] });
pc.onicecandidate = ({ candidate }) => candidate && send({ candidate: candidate.toJSON() });
// Handled one after another: a candidate must wait for the description before it.
let handled = Promise.resolve();
process.on('message', (message: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit }) => {
  handled = handled.then(async () => {
    if (message.candidate) await pc.addIceCandidate(message.candidate);
    if (!message.description) return;
    await pc.setRemoteDescription(message.description);
    if (message.description.type === 'offer') {
      await pc.setLocalDescription(await pc.createAnswer());
      send({ description: pc.localDescription });
    }
  });
});

if (role === 'sender') {
  const channel = pc.createDataChannel('bare', { ordered: true });
  channel.binaryType = 'arraybuffer';
  channel.onopen = () => void pump(channel);
  await pc.setLocalDescription(await pc.createOffer());
  send({ description: pc.localDescription });
} else {
  pc.ondatachannel = ({ channel }) => receive(channel);
}

async function pump(channel: RTCDataChannel): Promise<void> {
  const file = await open(path, 'r');
  const { size } = await file.stat();
  for (let at = 0; at < size; ) {
    if (channel.bufferedAmount > HIGH_WATER) {
      // @roamhq/wrtc never fires 'bufferedamountlow': poll, as the app does there.
      while (channel.bufferedAmount > LOW_WATER) await new Promise((resolve) => setTimeout(resolve, 1));
      continue;
    }
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, size - at));
    await file.read(chunk, 0, chunk.byteLength, at);
    channel.send(chunk);
    at += chunk.byteLength;
  }
  await file.close();
  channel.send('end');
}

function receive(channel: RTCDataChannel): void {
  channel.binaryType = 'arraybuffer';
  const hash = createHash('sha256');
  const file = open(path, 'w');
  let written = Promise.resolve();
  let firstAt = 0;
  channel.onmessage = ({ data }: MessageEvent<ArrayBuffer | string>) => {
    if (typeof data === 'string') {
      void written.then(async () => {
        const seconds = (performance.now() - firstAt) / 1000;
        await (await file).close();
        send({ done: { seconds, sha256: hash.digest('hex') } });
        pc.close();
      });
      return;
    }
    firstAt ||= performance.now();
    const chunk = new Uint8Array(data);
    hash.update(chunk);
    written = written.then(async () => void (await (await file).appendFile(chunk)));
  };
}
