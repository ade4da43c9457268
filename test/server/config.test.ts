// CONTRACT §1, settings: PORT (default 8787), HOST (default 127.0.0.1), KOLPULSE_DATA_DIR
// (default ./data), KOLPULSE_ADMIN_TOKEN, KOLPULSE_CURRENCY (default CNY); the config is frozen.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { configFromEnv } from '../../server/config.js';

describe('configFromEnv', () => {
  test('defaults', () => {
    const c = configFromEnv({});
    expect(c.port).toBe(8787);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.databaseUrl).toBeNull();
    expect(c.adminToken).toBeNull();
    expect(c.currency).toBe('CNY');
  });

  test('reads the environment', () => {
    const c = configFromEnv({
      PORT: '9000',
      HOST: '0.0.0.0',
      KOLPULSE_DATA_DIR: '/tmp/kolpulse-x',
      KOLPULSE_ADMIN_TOKEN: 'secret',
      KOLPULSE_CURRENCY: 'USD',
      KOLPULSE_DATABASE_URL: 'postgres://u:p@localhost/kp',
    });
    expect(c).toMatchObject({ port: 9000, host: '0.0.0.0', dataDir: '/tmp/kolpulse-x', adminToken: 'secret', currency: 'USD', databaseUrl: 'postgres://u:p@localhost/kp' });
  });

  test('is frozen', () => {
    const c = configFromEnv({});
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('refuses a port that is not a number', () => {
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
