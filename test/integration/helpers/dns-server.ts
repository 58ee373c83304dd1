import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** One SRV record the test server answers. */
export interface TestSrv {
  target: string;
  port: number;
  priority?: number;
  weight?: number;
}

const TYPE_SRV = 33;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((label) => label !== '');
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

/** The question's name, type and the offset after it. */
function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset]! !== 0) {
    const length = query[offset]!;
    labels.push(query.toString('ascii', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  offset += 1;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(offset), end: offset + 4 };
}

/**
 * A tiny real DNS server over UDP on 127.0.0.1 for the tests: answers SRV queries for the names it
 * was given (a name given with no records is NOERROR with no answer), and NXDOMAIN for every other
 * name. Records every name asked, in order. Point a node:dns Resolver at `server` with setServers,
 * or the agent at it with S365_DNS_SERVERS.
 */
export class TestDnsServer {
  readonly asked: string[] = [];
  private constructor(
    private readonly socket: Socket,
    private readonly records: Map<string, TestSrv[]>,
  ) {}

  static async start(records: Record<string, TestSrv[]>): Promise<TestDnsServer> {
    const socket = createSocket('udp4');
    const server = new TestDnsServer(socket, new Map(Object.entries(records).map(([name, srv]) => [name.toLowerCase().replace(/\.$/, ''), srv])));
    socket.on('message', (query, peer) => socket.send(server.answer(query), peer.port, peer.address));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    return server;
  }

  /** `127.0.0.1:<port>`, for setServers or S365_DNS_SERVERS. */
  get server(): string {
    return `127.0.0.1:${(this.socket.address() as AddressInfo).port}`;
  }

  /** Replaces the records of `name` (undefined: the name no longer exists). */
  set(name: string, records: TestSrv[] | undefined): void {
    const key = name.toLowerCase().replace(/\.$/, '');
    if (records === undefined) this.records.delete(key);
    else this.records.set(key, records);
  }

  private answer(query: Buffer): Buffer {
    const question = readQuestion(query);
    this.asked.push(question.name);
    const records = this.records.get(question.name);
    const answers = records === undefined || question.type !== TYPE_SRV ? [] : records;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    // QR, AA, the query's RD; NXDOMAIN (3) for an unknown name.
    header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (records === undefined ? 3 : 0), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const rrs = answers.map((record) => {
      const target = encodeName(record.target);
      const fixed = Buffer.alloc(2 + 2 + 2 + 4 + 2 + 6);
      fixed.writeUInt16BE(0xc00c, 0); // the question's name
      fixed.writeUInt16BE(TYPE_SRV, 2);
      fixed.writeUInt16BE(1, 4); // IN
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(6 + target.length, 10);
      fixed.writeUInt16BE(record.priority ?? 0, 12);
      fixed.writeUInt16BE(record.weight ?? 100, 14);
      fixed.writeUInt16BE(record.port, 16);
      return Buffer.concat([fixed, target]);
    });
    return Buffer.concat([header, query.subarray(12, question.end), ...rrs]);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}
