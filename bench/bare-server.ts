// The transport limit for bench:ingest: a bare `ws` server that JSON-parses each frame and
// answers an ack of kolpulse's shape at once, with no validation and no storage. Run as a child
// process; prints `{"port": n}` once listening and exits on SIGTERM.
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../ingest/frame.js';

const wss = new WebSocketServer({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1', maxPayload: MAX_FRAME_BYTES });

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const frame = JSON.parse(text) as { seq: number; events: unknown[] };
    ws.send(JSON.stringify({ seq: frame.seq, accepted: frame.events.length, duplicates: 0, rejected: [] }));
  });
});

wss.on('listening', () => {
  const address = wss.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 }));
});

process.on('SIGTERM', () => wss.close(() => process.exit(0)));
