// Sub-commands of the `kolpulse` binary.
const USAGE = `usage: kolpulse <command>

  serve                                       start the server (same as npm start)
  replay FILE.ndjson --url URL --token T [--speed N]
                                              send recorded events over the WebSocket ingest
  demo [--speed N]                            a server fed with six simulated live streams
  bridge tiktok @handle --stream-id ID --creator-id ID --url URL --token T
  bridge douyin-ndjson FILE|- --url URL --token T [--stream-id ID] [--creator-id ID]
                                              forward live-platform messages as events (docs/sources.md)
  import orders FILE.csv --format douyin|tiktok-shop|generic [--dry-run] --url URL --token T
                                              import an exported order file as purchases and refunds
  backup FILE                                 an online copy of the SQLite database (docs/operations.md)
  prune --before DATE [--workspace ID] [--dry-run]
                                              delete events older than DATE (retention)
  ingest-node                                 cluster: WebSocket/HTTP ingest into NATS JetStream
  aggregator                                  cluster: NATS JetStream into PostgreSQL, live updates
                                              (both need KOLPULSE_NATS_URL and KOLPULSE_DATABASE_URL)`;

export async function runCli(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'serve':
    case undefined: {
      const { ensureClientBuilt } = await import('./build-client.js');
      await ensureClientBuilt();
      const { main } = await import('../server/main.js');
      await main();
      return;
    }
    case 'demo': {
      const { ensureClientBuilt } = await import('./build-client.js');
      await ensureClientBuilt();
      const { demoCommand } = await import('./demo.js');
      process.exitCode = await demoCommand(rest);
      return;
    }
    case 'ingest-node': {
      const { main } = await import('../server/main.js');
      await main('ingest');
      return;
    }
    case 'aggregator': {
      const { aggregatorCommand } = await import('./aggregator.js');
      await aggregatorCommand();
      return;
    }
    case 'bridge': {
      const { bridgeCommand } = await import('./bridge.js');
      process.exitCode = await bridgeCommand(rest);
      return;
    }
    case 'import': {
      const { importCommand } = await import('./import-orders.js');
      process.exitCode = await importCommand(rest);
      return;
    }
    case 'backup': {
      const { backupCommand } = await import('./maintenance.js');
      process.exitCode = await backupCommand(rest);
      return;
    }
    case 'prune': {
      const { pruneCommand } = await import('./maintenance.js');
      process.exitCode = await pruneCommand(rest);
      return;
    }
    case 'replay': {
      const { replayCommand } = await import('./replay.js');
      process.exitCode = await replayCommand(rest);
      return;
    }
    default:
      // Asked-for help goes to stdout, so it can be piped into a pager; a wrong command's usage to stderr.
      if (command === '--help' || command === 'help') {
        console.log(USAGE);
        return;
      }
      console.error(`unknown command: ${command}\n${USAGE}`);
      process.exitCode = 2;
  }
}
