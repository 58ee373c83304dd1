/** A loopback API server that answers whoami one byte at a time (not a test file itself). */
import http from 'node:http';
import type net from 'node:net';

const WHOAMI = JSON.stringify({ tenantId: 't-1', tenantName: 'Trickle Ltd', enabled: true });

/** Answers 200 at once, then the body one byte every `everyMs` (about 10 s for the whole body at 200 ms). */
export async function startTrickler(everyMs: number) {
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(WHOAMI) });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(WHOAMI[sent++]);
      if (sent === WHOAMI.length) {
        clearInterval(timer);
        res.end();
      }
    }, everyMs);
    timers.add(timer);
  });
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
