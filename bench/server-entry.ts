// kolpulse's server process for benchmarks: `kolpulse serve` without its first step, the
// dashboard build (vite), which ingest does not use and which would fail or take minutes while
// client/ is being edited. Same settings, same server/main.ts.
import { main } from '../server/main.js';

await main();
