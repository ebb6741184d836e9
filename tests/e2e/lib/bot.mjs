// Starts the TeamsKiCoach bot host for end-to-end scenarios: the Release build of src/TeamsKiCoach.Bot in the
// Development environment, on 127.0.0.1, with a SQLite file of its own. Every wait is bounded.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForHttp, getFreePort } from './playground.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../..');
const PROJECT = path.join(REPO_ROOT, 'src', 'TeamsKiCoach.Bot', 'TeamsKiCoach.Bot.csproj');
const OUTPUT = path.join(REPO_ROOT, 'src', 'TeamsKiCoach.Bot', 'bin', 'Release', 'net10.0');
const DLL = path.join(OUTPUT, 'TeamsKiCoach.Bot.dll');

let built = false;

/** Builds the bot (Release) once per process; an up-to-date build takes a few seconds. */
export function ensureBotBuilt() {
  if (built) return;
  const build = spawnSync('dotnet', ['build', PROJECT, '-c', 'Release', '-nologo', '-v', 'q'], { stdio: 'inherit', timeout: 600_000 });
  if (build.status !== 0 || !fs.existsSync(DLL)) throw new Error(`dotnet build failed with ${build.status}`);
  built = true;
}

/**
 * @param {{allowedTenant?:string, port?:number, dataDir?:string, env?:Record<string,string>}} [o]
 *   dataDir: where the SQLite file lives and stays; without it a temp folder that is removed on stop
 * @returns {Promise<{endpoint:string, url:string, dataDir:string, output:()=>string, stop:()=>Promise<void>}>}
 */
export async function startBot({ allowedTenant, port, dataDir: keptDataDir, env = {} } = {}) {
  ensureBotBuilt();
  const chosenPort = port ?? (await getFreePort());
  const dataDir = keptDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'coach-e2e-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const url = `http://127.0.0.1:${chosenPort}`;
  let output = '';
  const child = spawn('dotnet', [DLL], {
    cwd: OUTPUT,
    detached: true,
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Development',
      DOTNET_ENVIRONMENT: 'Development',
      Urls: url,
      ConnectionStrings__Coach: `Data Source=${path.join(dataDir, 'coach.db')}`,
      ...(allowedTenant ? { Coach__AllowedTenants__0: allowedTenant } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 10_000))]);
      if (!done) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
    }
    if (!keptDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await Promise.race([
      waitForHttp(`${url}/health`, 60_000),
      exited.then(({ code, signal }) => { throw new Error(`bot exited with ${code ?? signal} before it was healthy:\n${output}`); }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }

  return { endpoint: `${url}/api/messages`, url, dataDir, output: () => output, stop };
}
