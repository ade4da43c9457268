// The storage contract (./storage-contract.ts) on PostgreSQL, in a fresh database per test.
import { tempPostgres } from './fixtures.js';
import { storageContract } from './storage-contract.js';

storageContract('PostgreSQL', tempPostgres);
