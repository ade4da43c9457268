// Tests run from the repository root (vite.config.ts roots the dashboard build at client/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: '.',
  test: {
    include: ['test/**/*.test.ts', 'server/**/*.test.ts', 'ingest/**/*.test.ts', 'db/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
