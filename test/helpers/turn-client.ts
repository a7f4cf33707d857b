/**
 * Just enough of a TURN client (RFC 8656, over UDP) to ask a relay what it allows: allocate with
 * long-term credentials, then ask for a permission to a peer address. A permission sends nothing
 * to the peer; the relay's answer is the whole test.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { within } from './timing.ts';

const MAGIC = 0x2112a442;
const METHOD = { allocate: 0x003, createPermission: 0x008 } as const;
const ATTR = {
  username: 0x0006, messageIntegrity: 0x0008, errorCode: 0x0009, realm: 0x0014, nonce: 0x0015,
  xorPeerAddress: 0x0012, requestedTransport: 0x0019,
} as const;
/** Class bits of a message type (RFC 8489 §5): success and error responses. */
const SUCCESS = 0x0100;
const ERROR = 0x0110;

interface Response {
  /** 200 for a success response, else the ERROR-CODE the relay answered (401, 403, …). */
  status: number;
  attributes: Map<number, Buffer>;
}

export class TurnClient {
  #realm: Buffer = Buffer.alloc(0);
  #nonce: Buffer = Buffer.alloc(0);

  private constructor(
    private readonly socket: Socket,
    private readonly port: number,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Allocates a relayed address on the relay at 127.0.0.1:`port`; rejects with the status if refused. */
  static async allocate(port: number, username: string, password: string): Promise<TurnClient> {
    const socket = createSocket('udp4');
    const client = new TurnClient(socket, port, username, password);
    const udp = attribute(ATTR.requestedTransport, Buffer.from([17, 0, 0, 0]));
    // The first request is refused with 401 and tells the realm and nonce to sign with.
    const challenge = await client.#request(METHOD.allocate, [udp], false);
    client.#realm = challenge.attributes.get(ATTR.realm) ?? Buffer.alloc(0);
    client.#nonce = challenge.attributes.get(ATTR.nonce) ?? Buffer.alloc(0);
    const allocated = await client.#request(METHOD.allocate, [udp], true);
    if (allocated.status !== 200) {
      socket.close();
      throw new Error(`allocation refused: ${allocated.status}`);
    }
    return client;
  }

  /** Asks for a permission to send to `ip` (IPv4): 200, or the relay's error code (403 when the address is denied). */
  async permit(ip: string): Promise<number> {
    if (!isIPv4(ip)) throw new Error(`IPv4 only: ${ip}`);
    const address = Buffer.alloc(8);
    address.writeUInt16BE(0x0001, 0); // family IPv4
    address.writeUInt16BE(9 ^ (MAGIC >>> 16), 2); // any port: permissions are per address
    address.writeUInt32BE((ip.split('.').reduce((n, part) => n * 256 + Number(part), 0) ^ MAGIC) >>> 0, 4);
    return (await this.#request(METHOD.createPermission, [attribute(ATTR.xorPeerAddress, address)], true)).status;
  }

  close(): void {
    this.socket.close();
  }

  async #request(method: number, attributes: Buffer[], signed: boolean): Promise<Response> {
    const id = randomBytes(12);
    const parts = [...attributes];
    if (signed) parts.push(attribute(ATTR.username, Buffer.from(this.username)), attribute(ATTR.realm, this.#realm), attribute(ATTR.nonce, this.#nonce));
    let message = withHeader(method, id, Buffer.concat(parts), signed ? 24 : 0);
    if (signed) {
      // Long-term credentials: key = MD5(username:realm:password); the HMAC covers everything before it.
      const key = createHash('md5').update(`${this.username}:${this.#realm.toString()}:${this.password}`).digest();
      message = Buffer.concat([message, attribute(ATTR.messageIntegrity, createHmac('sha1', key).update(message).digest())]);
    }
    const answer = new Promise<Buffer>((resolve) => {
      const onMessage = (data: Buffer) => {
        if (data.length < 20 || !data.subarray(8, 20).equals(id)) return;
        this.socket.off('message', onMessage);
        resolve(data);
      };
      this.socket.on('message', onMessage);
    });
    this.socket.send(message, this.port, '127.0.0.1');
    return parseResponse(await within(3000, 'the relay to answer', answer), method);
  }
}

function withHeader(method: number, id: Buffer, body: Buffer, extra: number): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0);
  header.writeUInt16BE(body.length + extra, 2);
  header.writeUInt32BE(MAGIC, 4);
  id.copy(header, 8);
  return Buffer.concat([header, body]);
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function parseResponse(data: Buffer, method: number): Response {
  const type = data.readUInt16BE(0);
  const attributes = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= data.length; ) {
    const length = data.readUInt16BE(at + 2);
    attributes.set(data.readUInt16BE(at), data.subarray(at + 4, at + 4 + length));
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  if (type === (method | SUCCESS)) return { status: 200, attributes };
  const error = attributes.get(ATTR.errorCode);
  if (type !== (method | ERROR) || !error) throw new Error(`unexpected answer type 0x${type.toString(16)}`);
  return { status: (error[2]! & 0x7) * 100 + error[3]!, attributes };
}
