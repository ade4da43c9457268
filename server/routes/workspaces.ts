// POST /api/workspaces (admin token): a new workspace with its ingest and read tokens.
import { Hono } from 'hono';
import { z } from 'zod';
import type { WorkspaceStore } from '../../db/workspace-store.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import { readJson } from './validate.js';

const NewWorkspaceBody = z.object({ name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters') });

export function workspaceRoutes(workspaces: WorkspaceStore, tokens: TokenRegistry): Hono<AuthEnv> {
  return new Hono<AuthEnv>().post('/api/workspaces', requireToken(tokens, 'admin'), async (c) => {
    const body = await readJson(c, NewWorkspaceBody);
    if (!body.ok) return body.response;
    const ws = await workspaces.create(body.value.name);
    tokens.add(ws.ingestToken, { kind: 'ingest', workspaceId: ws.id });
    tokens.add(ws.readToken, { kind: 'read', workspaceId: ws.id });
    return c.json({ id: ws.id, name: ws.name, ingestToken: ws.ingestToken, readToken: ws.readToken }, 201);
  });
}
