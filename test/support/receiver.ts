import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const open: { close: () => Promise<unknown> }[] = [];

/** Closes every receiver started since the last call (call it in afterEach). */
export async function closeReceivers(): Promise<void> {
  for (const r of open.splice(0)) await r.close();
}

/** A webhook endpoint on a local port: records each request and answers with the next status in `plan` (then 200). */
export async function receiver(plan: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ id: String(req.headers['webhook-id']), headers: req.headers, body });
      res.statusCode = plan.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const handle = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, plan, close: () => new Promise((r) => server.close(r)) };
  open.push(handle);
  return handle;
}
