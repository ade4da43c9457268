// What differs between SQLite and PostgreSQL, as capabilities behind one small interface
// (the idea of kysely's DialectAdapter). Everything else in db/ is dialect-free Kysely.
import type { CreateTableBuilder, Insertable, Kysely } from 'kysely';
import type { Database, EventTable, RejectedTable } from './schema.js';

export interface DialectCapabilities {
  /** Adds an auto-incrementing integer primary key named `column`. */
  serialPrimaryKey<T extends string>(table: CreateTableBuilder<T, never>, column: string): CreateTableBuilder<T, never>;
}

export type EventRow = Omit<Insertable<EventTable>, 'pos'>;
export type RejectRow = Omit<Insertable<RejectedTable>, 'pos'>;

/** An opened database: Kysely for queries, plus the one write path that must be fast. */
export interface StorageBackend {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /**
   * Stores events and rejects in one durable transaction. Returns, per event row, whether it
   * was new (false: an event with that workspace and id was already stored).
   */
  append(events: EventRow[], rejects: RejectRow[]): Promise<boolean[]>;
  /** The largest stored body this storage takes (a cluster's NATS message size); none when unset. */
  readonly maxEventBytes?: number;
  close(): Promise<void>;
}
