// First-start set-up: the admin token and the `default` workspace (CONTRACT §1). Plain tokens
// are kept only in files of the data dir (mode 0600) for the operator; the database holds hashes.
import fs from 'node:fs';
import path from 'node:path';
import { newToken, type WorkspaceStore } from '../db/workspace-store.js';
import type { Config } from './config.js';

export interface DefaultWorkspace { id: string; ingestToken: string; readToken: string }
export interface Bootstrapped { adminToken: string; defaultWorkspace: DefaultWorkspace | null; firstStart: boolean }

const ADMIN_FILE = 'admin-token';
const DEFAULT_FILE = 'default-workspace.json';

function writeSecret(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o600 });
}

/** `createDefault` false: a cluster's ingest node, which leaves making the default workspace to an API node. */
export async function bootstrap(config: Config, workspaces: WorkspaceStore, createDefault = true): Promise<Bootstrapped> {
  let adminToken = config.adminToken;
  const adminFile = path.join(config.dataDir, ADMIN_FILE);
  let firstStart = false;
  if (!adminToken) {
    if (fs.existsSync(adminFile)) {
      adminToken = fs.readFileSync(adminFile, 'utf8').trim();
    } else {
      adminToken = newToken('admin');
      writeSecret(adminFile, `${adminToken}\n`);
      firstStart = true;
    }
  }
  await workspaces.setAdminToken(adminToken);

  let defaultWorkspace: DefaultWorkspace | null = null;
  const defaultFile = path.join(config.dataDir, DEFAULT_FILE);
  if (createDefault && (await workspaces.getMeta('default_workspace')) === undefined) {
    const ws = await workspaces.create('default');
    defaultWorkspace = { id: ws.id, ingestToken: ws.ingestToken, readToken: ws.readToken };
    writeSecret(defaultFile, `${JSON.stringify(defaultWorkspace, null, 2)}\n`);
    await workspaces.setMeta('default_workspace', ws.id);
    firstStart = true;
  } else if (fs.existsSync(defaultFile)) {
    defaultWorkspace = JSON.parse(fs.readFileSync(defaultFile, 'utf8')) as DefaultWorkspace;
  }
  return { adminToken, defaultWorkspace, firstStart };
}
