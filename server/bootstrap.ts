// First-start set-up: the admin token and the `default` workspace (CONTRACT §1). Plain tokens
// are kept only in files of the data dir (mode 0600) for the operator; the database holds hashes.
import fs from 'node:fs';
import path from 'node:path';
import { newToken, newWorkspace, type WorkspaceStore } from '../db/workspace-store.js';
import type { Config } from './config.js';

export interface DefaultWorkspace { id: string; ingestToken: string; readToken: string }
export interface Bootstrapped { adminToken: string; defaultWorkspace: DefaultWorkspace | null; firstStart: boolean }

const ADMIN_FILE = 'admin-token';
const DEFAULT_FILE = 'default-workspace.json';

/** Written whole or not at all (a new file renamed over the old), so a kill never leaves it empty. */
function writeSecret(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
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
    // The tokens go to their file first, then the workspace and its record in one transaction:
    // a kill in between leaves no workspace, and the next start makes it (and the file) anew.
    const ws = newWorkspace('default');
    defaultWorkspace = { id: ws.id, ingestToken: ws.ingestToken, readToken: ws.readToken };
    writeSecret(defaultFile, `${JSON.stringify(defaultWorkspace, null, 2)}\n`);
    try {
      await workspaces.insert(ws, 'default_workspace');
      firstStart = true;
    } catch (err) {
      // Another node of a cluster made it first: its tokens are in that node's data dir, not here.
      if ((await workspaces.getMeta('default_workspace')) === undefined) throw err;
      fs.rmSync(defaultFile, { force: true });
      defaultWorkspace = null;
    }
  } else if (fs.existsSync(defaultFile)) {
    defaultWorkspace = JSON.parse(fs.readFileSync(defaultFile, 'utf8')) as DefaultWorkspace;
  }
  return { adminToken, defaultWorkspace, firstStart };
}
