// A lean MQTT 3.1.1 QoS 1 publisher for the ingest benchmark: the PUBLISH packets are encoded
// before the clock starts and written straight to the socket, and PUBACKs are only counted.
// The load generator shares the machine's two cores with the server under test; mqtt.js spent
// about half a core on packet objects, its outgoing store and debug calls at 60k readings/s,
// which is load generator overhead, not cityops. Used by sensor-load.worker.ts (mqtt-ingest).
import { connect, type Socket } from 'node:net';

function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

const utf8Field = (s: string | Buffer): Buffer => {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
};

function connectPacket(clientId: string, username: string, password: string): Buffer {
  // Protocol "MQTT" level 4; flags: username, password, clean session; keep-alive 60 s.
  const variable = Buffer.concat([utf8Field('MQTT'), Buffer.from([4, 0x80 | 0x40 | 0x02, 0, 60])]);
  const payload = Buffer.concat([utf8Field(clientId), utf8Field(username), utf8Field(password)]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(variable.length + payload.length), variable, payload]);
}

/** A QoS 1 PUBLISH with the given packet id (1…65535). */
export function publishPacket(topic: string, payload: Buffer, packetId: number): Buffer {
  const t = utf8Field(topic);
  const id = Buffer.from([packetId >> 8, packetId & 0xff]);
  return Buffer.concat([Buffer.from([0x32]), remainingLength(t.length + 2 + payload.length), t, id, payload]);
}

export interface RawPublisher {
  /** Sends the packets keeping at most `window` unacknowledged; resolves when every one is acknowledged. */
  run(packets: Buffer[], window: number): Promise<void>;
  close(): void;
}

/** Connects (CONNECT → CONNACK accepted) and returns a publisher on that connection. */
export async function connectRawPublisher(host: string, port: number, clientId: string, username: string, password: string): Promise<RawPublisher> {
  const socket: Socket = connect({ host, port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => socket.write(connectPacket(clientId, username, password)));
    socket.once('data', (d: Buffer) => {
      // CONNACK: 0x20 0x02 <session present> <return code>
      if (d[0] !== 0x20 || d[3] !== 0) reject(new Error(`MQTT connection refused (CONNACK ${d.subarray(0, 4).toString('hex')})`));
      else resolve();
    });
  });
  return {
    run(packets, window) {
      return new Promise<void>((resolve, reject) => {
        let next = 0;
        let acked = 0;
        let carry = 0; // bytes of a PUBACK split across two chunks
        const send = () => {
          const upTo = Math.min(packets.length, acked + window);
          if (next >= upTo) return;
          socket.cork();
          while (next < upTo) socket.write(packets[next++]!);
          process.nextTick(() => socket.uncork());
        };
        socket.on('error', reject);
        socket.on('close', () => acked < packets.length && reject(new Error(`connection closed after ${acked} of ${packets.length} PUBACKs`)));
        socket.on('data', (d: Buffer) => {
          // The server sends only PUBACKs (4 bytes each) on this connection, in PUBLISH order.
          if (carry === 0 && d[0] !== 0x40) return reject(new Error(`expected a PUBACK, got packet type 0x${d[0]!.toString(16)}`));
          const bytes = carry + d.length;
          acked += Math.floor(bytes / 4);
          carry = bytes % 4;
          if (acked >= packets.length) resolve();
          else send();
        });
        if (!packets.length) resolve();
        else send();
      });
    },
    close: () => socket.end(),
  };
}
