// What the attribution engine needs to know of creators, declared here so that any source (the
// creator registry below, a database view) can serve it.

export type Tier = 'KOL' | 'KOC';

export interface CreatorInfo {
  readonly name: string | null;
  readonly tier: Tier | null;
}

export interface CreatorLookup {
  /** The creator of a stream, from its stream_start; undefined while no stream_start is known. */
  creatorOfStream(streamId: string): string | undefined;
  /** The creator whose tracking code this is (a creator's code defaults to its creatorId). */
  creatorByCode(code: string): string | undefined;
  describe(creatorId: string): CreatorInfo;
}
