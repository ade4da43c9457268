// `kolpulse aggregator`: runs an aggregator node until SIGTERM/SIGINT, then finishes the
// messages in hand (unfinished ones are redelivered to the other aggregators) and exits 0.
import { startAggregator } from '../server/cluster/aggregator.js';
import { configFromEnv } from '../server/config.js';

const REPORT_MS = 10_000;

export async function aggregatorCommand(): Promise<void> {
  const agg = await startAggregator(configFromEnv());
  console.log('kolpulse aggregator running');
  const report = setInterval(() => {
    const { messages, events, fresh } = agg.stats;
    console.log(`aggregator: ${messages} messages, ${events} events stored (${fresh} new)`);
  }, REPORT_MS);
  const stop = async (signal: string) => {
    console.log(`${signal}: stopping`);
    clearInterval(report);
    await agg.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
