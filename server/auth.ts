// Bearer tokens (CONTRACT §2): looked up by SHA-256 hash in memory; 401 for a missing or unknown
// token, 403 for a token of the wrong kind. Nothing else is revealed.
import type { MiddlewareHandler } from 'hono';
import { hashToken, type TokenGrant, type TokenKind } from '../db/workspace-store.js';

export type AuthResult = { ok: true; grant: TokenGrant } | { ok: false; status: 401 | 403 };

export class TokenRegistry {
  readonly #grants: Map<string, TokenGrant>;
  constructor(grants: Map<string, TokenGrant>) {
    this.#grants = grants;
  }

  add(token: string, grant: TokenGrant): void {
    this.#grants.set(hashToken(token), grant);
  }

  /** Takes the grants as stored now: cluster nodes reload them, since any node may create a workspace. */
  reload(grants: Map<string, TokenGrant>): void {
    this.#grants.clear();
    for (const [hash, grant] of grants) this.#grants.set(hash, grant);
  }

  check(token: string | null | undefined, kind: TokenKind): AuthResult {
    if (!token) return { ok: false, status: 401 };
    const grant = this.#grants.get(hashToken(token));
    if (!grant) return { ok: false, status: 401 };
    if (grant.kind !== kind) return { ok: false, status: 403 };
    return { ok: true, grant };
  }
}

/** The token of a request: `Authorization: Bearer …`, else `?token=`. */
export function tokenOf(authorization: string | null | undefined, url: string): string | null {
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return m ? m[1]! : null;
  }
  const q = url.indexOf('?');
  return q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get('token');
}

/** `tokenHash` keys per-token limits without keeping the token itself. */
export type AuthEnv = { Variables: { workspaceId: string; tokenHash: string } };

export function requireToken(tokens: TokenRegistry, kind: TokenKind): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = tokenOf(c.req.header('authorization'), c.req.url);
    const result = tokens.check(token, kind);
    if (!result.ok) return c.json({ error: result.status === 401 ? 'unauthorized' : 'forbidden' }, result.status);
    c.set('workspaceId', result.grant.workspaceId ?? '');
    c.set('tokenHash', hashToken(token!));
    await next();
  };
}
