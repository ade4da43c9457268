// The storage contract (./storage-contract.ts) on the embedded SQLite backend.
import { tempSqlite } from './fixtures.js';
import { storageContract } from './storage-contract.js';

storageContract('SQLite', tempSqlite);
