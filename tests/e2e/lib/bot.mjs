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

/**
 * Builds the bot (Release) once per process; an up-to-date build takes a few seconds. NU1603 (the package feed
 * lacked a package's exact lower bound and restore took the next version) comes once per project and package and
 * is known and harmless (Directory.Build.props), so it is summed up in one line; every other line is shown.
 */
export function ensureBotBuilt() {
  if (built) return;
  const build = spawnSync('dotnet', ['build', PROJECT, '-c', 'Release', '-nologo', '-v', 'q'], {
    stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024,
  });
  const lines = `${build.stdout ?? ''}${build.stderr ?? ''}`.split('\n');
  const known = lines.filter((l) => l.includes('warning NU1603'));
  // A good build shows only its other warnings; a failed one shows everything but the known lines.
  const rest = lines.filter((l) => !l.includes('warning NU1603'));
  const shown = (build.status === 0 ? rest.filter((l) => / (warning|error) [A-Z]+\d+/.test(l)) : rest).join('\n').trim();
  if (shown) console.log(shown);
  if (known.length) {
    const packages = new Set(known.map((l) => /depends on (\S+)/.exec(l)?.[1]).filter(Boolean));
    console.log(`(NuGet NU1603 for ${packages.size || known.length} package(s): the feed lacks an exact lower bound and a newer version was restored; known and harmless)`);
  }
  if (build.status !== 0 || !fs.existsSync(DLL)) throw new Error(`dotnet build failed with ${build.status ?? build.error}`);
  built = true;
}

/**
 * @param {{allowedTenant?:string, port?:number, dataDir?:string, env?:Record<string,string>, echo?:boolean}} [o]
 *   dataDir: where the SQLite file lives and stays; without it a temp folder that is removed on stop
 *   echo: the bot logs warnings and errors only, and they go to this process's stderr as they come (try-it)
 * @returns {Promise<{endpoint:string, url:string, dataDir:string, output:()=>string, stop:()=>Promise<void>}>}
 */
export async function startBot({ allowedTenant, port, dataDir: keptDataDir, env = {}, echo = false } = {}) {
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
      ...(echo ? { Logging__LogLevel__Default: 'Warning' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const shown = echo ? lineWriter((line) => process.stderr.write(`[bot] ${line}\n`)) : () => {};
  child.stdout.on('data', (d) => { output += d; shown(d); });
  child.stderr.on('data', (d) => { output += d; shown(d); });
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

/** Splits chunks of output into whole lines, so that a line is never shown in two pieces. */
function lineWriter(write) {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) write(line);
  };
}
