// `kolpulse import orders FILE.csv --format douyin|tiktok-shop|generic`: streams an exported order
// file, maps it to purchases and refunds, sends them over the WebSocket ingest (or, with --dry-run,
// only validates), and reports every row it could not import with the reason, then a summary.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { BridgeTally, type BridgeProblem } from '../ingest/bridges/bridge-tally.js';
import { csvRecords } from '../ingest/bridges/csv-records.js';
import { ORDER_FORMATS, orderFileMapper, type MappedRow, type OrderFormat } from '../ingest/bridges/order-files.js';
import { ackSummary, openInput, openSending, processIo, SERVER_OPTIONS, serverOptions, type CommandIo } from './sending.js';

export const IMPORT_USAGE = `usage: kolpulse import orders FILE.csv --format douyin|tiktok-shop|generic [--dry-run] --url URL --token T

  FILE.csv            the exported order file; - reads stdin
  --format F          douyin (抖店 export), tiktok-shop (Seller Center export) or generic (docs/sources.md)
  --dry-run           map and validate only; nothing is sent (no --url/--token needed)
  --url URL           the server, http(s):// or ws(s)://
  --token T           an ingest token (default: $KOLPULSE_INGEST_TOKEN)
  --currency C        currency of amounts the file does not label (default: $KOLPULSE_CURRENCY or CNY)
  --tz-offset ±HH:MM  offset of times written without one (default: +08:00 for douyin, +00:00 otherwise)
  --encoding E        utf-8 (default), gbk or gb18030
  --errors FILE       write every row error to FILE as CSV (line,error)
  --json              print the summary as one JSON object on stdout`;

/** Row errors printed on stderr; all of them go to --errors FILE. */
const PRINTED_ERRORS = 20;

interface Options {
  file: string; format: OrderFormat; dryRun: boolean; server: { url: string; token: string } | null;
  currency: string; tzOffset: string; encoding: string; errors: string | null; json: boolean;
}

export async function importCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'orders') {
    io.stderr.write(`import: ${what ? `unknown kind "${what}"` : 'what to import is required'}; only "orders"\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const opts = parseOptions(rest, io.env);
  if (opts === 'help') {
    io.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  if (typeof opts === 'string') {
    io.stderr.write(`import: ${opts}\n${IMPORT_USAGE}\n`);
    return 2;
  }
  let input: NodeJS.ReadableStream;
  try {
    input = await openInput(opts.file, io);
  } catch (err) {
    io.stderr.write(`import: cannot read ${opts.file}: ${(err as Error).message}\n`);
    return 2;
  }
  return importOrders(input, opts, io);
}

function parseOptions(args: string[], env: CommandIo['env']): Options | string | 'help' {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        ...SERVER_OPTIONS, format: { type: 'string' }, 'dry-run': { type: 'boolean' }, currency: { type: 'string' },
        'tz-offset': { type: 'string' }, encoding: { type: 'string' }, errors: { type: 'string' }, json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return (err as Error).message;
  }
  if (values.help) return 'help';
  if (positionals.length !== 1) return positionals.length === 0 ? 'FILE is required (- for stdin)' : `one FILE only, got ${positionals.join(' ')}`;
  const format = values.format as OrderFormat;
  if (!ORDER_FORMATS.includes(format)) return `--format must be one of ${ORDER_FORMATS.join(', ')}`;
  const currency = (values.currency ?? env.KOLPULSE_CURRENCY ?? 'CNY').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return `--currency must be an ISO 4217 code, got "${currency}"`;
  const tzOffset = values['tz-offset'] ?? (format === 'douyin' ? '+08:00' : '+00:00');
  if (!/^[+-]\d{2}:\d{2}$/.test(tzOffset)) return `--tz-offset must look like +08:00, got "${tzOffset}"`;
  const encoding = (values.encoding ?? 'utf-8').toLowerCase();
  if (!['utf-8', 'utf8', 'gbk', 'gb18030'].includes(encoding)) return `--encoding must be utf-8, gbk or gb18030, got "${encoding}"`;
  const dryRun = values['dry-run'] ?? false;
  const server = dryRun ? null : serverOptions(values, env);
  if (typeof server === 'string') return server;
  return { file: positionals[0]!, format, dryRun, server, currency, tzOffset, encoding, errors: values.errors ?? null, json: values.json ?? false };
}

/** Text chunks of the input in its encoding (a multi-byte character split across chunks is kept whole). */
async function* decoded(input: NodeJS.ReadableStream, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : encoding);
  for await (const chunk of input) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Buffer, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function importOrders(input: NodeJS.ReadableStream, opts: Options, io: CommandIo): Promise<number> {
  const started = performance.now();
  // Opened here, before any row is read: a path that cannot be written is a usage error, not a crash mid-import.
  let errorsFd: number | null = null;
  if (opts.errors) {
    try {
      errorsFd = fs.openSync(opts.errors, 'w');
    } catch (err) {
      io.stderr.write(`import: cannot write --errors ${opts.errors}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const errorsFile = errorsFd === null ? null : fs.createWriteStream('', { fd: errorsFd });
  errorsFile?.write('line,error\n');
  let printed = 0;
  let rejected = 0;
  const report = (p: BridgeProblem) => {
    if (printed++ < PRINTED_ERRORS) io.stderr.write(`import: ${p.at}: ${p.error}\n`);
    errorsFile?.write(`${p.at.replace(/^line /, '')},"${p.error.replace(/"/g, '""')}"\n`);
  };
  const tally = new BridgeTally(report, opts.dryRun);
  const sending = opts.server && openSending<number>(opts.server, {
    maxEvents: 5000,
    onRejected: (line, id, error) => {
      rejected++;
      report({ at: `line ${line}`, error: `rejected by the server${id ? ` (id ${id})` : ''}: ${error}` });
    },
    note: (text) => io.stderr.write(`import: ${text}\n`),
  });
  let rows = 0;
  let purchases = 0;
  let refunds = 0;
  let failure: string | null = null;
  try {
    let mapper: ReturnType<typeof orderFileMapper> | null = null;
    const take = (mappedRows: MappedRow[]) => {
      for (const { line, mapped } of mappedRows) {
        for (const event of tally.take(`line ${line}`, mapped)) {
          if (event.type === 'purchase') purchases++;
          else refunds++;
          if (sending && !sending.sender.add(event, line)) report({ at: `line ${line}`, error: 'event over the frame size limit' });
        }
      }
    };
    for await (const records of csvRecords(decoded(input, opts.encoding))) {
      for (const record of records) {
        if (mapper === null) {
          mapper = orderFileMapper(opts.format, record.fields, { currency: opts.currency, tzOffset: opts.tzOffset });
          if (typeof mapper === 'string') throw new Error(`header (line ${record.line}): ${mapper}`);
          continue;
        }
        if (typeof mapper === 'string') break;
        rows++;
        take(mapper.row(record.fields, record.line));
      }
      if (sending?.client.error) throw sending.client.error;
      if (sending) await sending.sender.ready().catch(() => undefined);
    }
    if (mapper && typeof mapper !== 'string') take(mapper.end());
    if (mapper === null) throw new Error('the file is empty (no header row)');
    if (sending) await sending.sender.drain();
  } catch (err) {
    failure = (err as Error).message;
  } finally {
    sending?.sender.close();
    sending?.client.close();
    await new Promise((r) => (errorsFile ? errorsFile.end(r) : r(undefined)));
  }

  const seconds = (performance.now() - started) / 1000;
  const failures = sending ? [...sending.failures] : [];
  const stats = sending?.stats();
  const ok = failure === null && failures.length === 0 && tally.malformed === 0 && rejected === 0 && (!stats || stats.acked === stats.sent);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ok, dryRun: opts.dryRun, seconds: Number(seconds.toFixed(3)), rows, purchases, refunds, ignored: tally.ignored, rowErrors: tally.malformed, rejected, ...(stats ? { server: stats } : {}), failure: failure ?? failures[0] ?? null })}\n`);
  } else {
    const lines = [
      `import ${opts.dryRun ? 'dry run ' : ''}${ok ? 'done' : 'INCOMPLETE'} in ${seconds.toFixed(1)} s: ${rows.toLocaleString('en-US')} rows → ${purchases.toLocaleString('en-US')} purchases, ${refunds.toLocaleString('en-US')} refunds; ` +
        `${tally.ignored.toLocaleString('en-US')} rows skipped (${[...tally.ignoredReasons].map(([r, n]) => `${n} ${r}`).join(', ') || 'none'}), ${tally.malformed.toLocaleString('en-US')} row errors`,
    ];
    if (stats) lines.push(`  ${ackSummary(stats)}`);
    if (tally.malformed + rejected > PRINTED_ERRORS && !opts.errors) lines.push(`  ${tally.malformed + rejected - PRINTED_ERRORS} more row errors not shown; --errors FILE writes them all`);
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  for (const f of [failure, ...failures]) if (f) io.stderr.write(`import: ${f}\n`);
  return ok ? 0 : 1;
}
