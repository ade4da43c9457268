// `kolpulse bridge tiktok @handle` and `kolpulse bridge douyin-ndjson FILE|-`: live-platform
// messages mapped to canonical events and sent over the WebSocket ingest with acks, reconnects and
// resends. Malformed messages are reported and skipped; the bridge goes on.
import { parseArgs } from 'node:util';
import type { WireEvent } from '../ingest/bridges/bridge-common.js';
import { BridgeTally, type BridgeProblem } from '../ingest/bridges/bridge-tally.js';
import { runDouyinNdjson } from '../ingest/bridges/douyin-webcast.js';
import { TikTokBridge, type LiveConnector } from '../ingest/bridges/tiktok-bridge.js';
import { ackSummary, openInput, openSending, processIo, SERVER_OPTIONS, serverOptions, type CommandIo } from './sending.js';

export const BRIDGE_USAGE = `usage: kolpulse bridge tiktok @handle --stream-id ID --creator-id ID --url URL --token T
       kolpulse bridge douyin-ndjson FILE|- --url URL --token T [--stream-id ID] [--creator-id ID]

  tiktok          connects to @handle's TikTok LIVE with tiktok-live-connector, which you install
                  yourself (npm install tiktok-live-connector; not shipped with kolpulse, see its licence)
  douyin-ndjson   reads decoded Douyin webcast messages, one JSON object a line (- reads stdin)
  --stream-id ID  the stream id to record under (tiktok: required; douyin: default the room id)
  --creator-id ID the creator hosting it; a stream_start naming them is sent (tiktok: required)
  --url URL       the server, http(s):// or ws(s)://
  --token T       an ingest token (default: $KOLPULSE_INGEST_TOKEN)`;

export interface BridgeDeps {
  /** Makes the TikTok connection; by default tiktok-live-connector, loaded when needed. */
  connectTikTok?: (handle: string) => Promise<LiveConnector>;
  now?: () => number;
}

const PRINTED_PROBLEMS = 50;

export async function bridgeCommand(args: string[], io: CommandIo = processIo(), deps: BridgeDeps = {}): Promise<number> {
  const [source, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { ...SERVER_OPTIONS, 'stream-id': { type: 'string' }, 'creator-id': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || source === '--help') {
    io.stdout.write(`${BRIDGE_USAGE}\n`);
    return 0;
  }
  if (source !== 'tiktok' && source !== 'douyin-ndjson') return usage(io, source ? `unknown source "${source}"` : 'a source is required');
  if (positionals.length !== 1) return usage(io, source === 'tiktok' ? 'one @handle is required' : 'one FILE is required (- for stdin)');
  const server = serverOptions(values, io.env);
  if (typeof server === 'string') return usage(io, server);
  const streamId = values['stream-id'];
  const creatorId = values['creator-id'];
  if (source === 'tiktok' && (!streamId || !creatorId)) return usage(io, '--stream-id and --creator-id are required for tiktok');

  let printed = 0;
  const note = (text: string) => io.stderr.write(`bridge: ${text}\n`);
  const problem = (p: BridgeProblem) => void (printed++ < PRINTED_PROBLEMS && note(`skipped ${p.at}: ${p.error}`));
  const tally = new BridgeTally(problem);
  const sending = openSending<string>(server, { onRejected: (at, id, error) => problem({ at, error: `rejected by the server${id ? ` (id ${id})` : ''}: ${error}` }), note });
  const send = (event: WireEvent, at: string) => void sending.sender.add(event, at);
  const now = deps.now ?? Date.now;
  let failure: string | null = null;
  try {
    if (source === 'tiktok') {
      const handle = positionals[0]!.replace(/^@/, '');
      const connector = await (deps.connectTikTok ?? loadTikTokConnector)(handle);
      const bridge = new TikTokBridge(connector, { ctx: { streamId: streamId!, creatorId: creatorId!, now }, tally, send, onStatus: note });
      const stop = () => {
        note('interrupted: disconnecting, then waiting for the acks of what was sent');
        bridge.stop();
      };
      process.once('SIGINT', stop);
      try {
        await bridge.run();
      } finally {
        process.off('SIGINT', stop);
      }
    } else {
      const input = await openInput(positionals[0]!, io);
      await runDouyinNdjson(input, { streamId, creatorId, now }, tally, send, () => sending.sender.ready().catch(() => undefined));
    }
    await sending.sender.drain();
  } catch (err) {
    failure = (err as Error).message;
  } finally {
    sending.sender.close();
    sending.client.close();
  }
  const stats = sending.stats();
  io.stdout.write(`bridge ${source}: ${tally.summary()}; ${ackSummary(stats)}\n`);
  for (const f of [failure, ...sending.failures]) if (f) note(f);
  return failure || sending.failures.size || stats.acked !== stats.sent ? 1 : 0;
}

function usage(io: CommandIo, problem: string): number {
  io.stderr.write(`bridge: ${problem}\n${BRIDGE_USAGE}\n`);
  return 2;
}

/** tiktok-live-connector is optional: loaded only here, from the user's own install. */
async function loadTikTokConnector(handle: string): Promise<LiveConnector> {
  const specifier = 'tiktok-live-connector';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch {
    throw new Error('tiktok-live-connector is not installed. It is an optional dependency kolpulse does not ship: install it yourself with `npm install tiktok-live-connector` (review its licence first)');
  }
  const from = (m: unknown, name: string) => (m as Record<string, unknown> | undefined)?.[name];
  // ≥ 2.x exports TikTokLiveConnection, ≤ 1.x WebcastPushConnection (CommonJS: under `default`).
  const Connection = (from(mod, 'TikTokLiveConnection') ?? from(mod, 'WebcastPushConnection') ?? from(mod.default, 'TikTokLiveConnection') ?? from(mod.default, 'WebcastPushConnection')) as
    (new (uniqueId: string, options?: object) => LiveConnector) | undefined;
  if (typeof Connection !== 'function') throw new Error('tiktok-live-connector: neither TikTokLiveConnection nor WebcastPushConnection is exported; unsupported version');
  return new Connection(handle);
}
