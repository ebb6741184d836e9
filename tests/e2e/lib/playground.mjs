// Harness for end-to-end scenarios in the Microsoft 365 Agents Playground
// (npm @microsoft/m365agentsplayground 0.2.28) driven headless with playwright-core
// and Debian's Chromium.
//
// Generic on purpose: nothing in here knows about a particular bot. Everything
// talks to 127.0.0.1 only, every wait is bounded, and every process started here
// is stopped by its handle (and, as a last resort, when the Node process exits).
//
// Facts this library relies on (checked against 0.2.28):
// - The playground writes "Listening on <port>" to stdout when stdout is not a TTY;
//   everything else goes to its log file (M365_AGENTS_PLAYGROUND_LOGFILE).
//   A bad config file makes it exit with code 1 right after "Listening on";
//   the reason is in that log file ("error Reason: ...").
// - TEAMSAPPTESTER_BROWSER=none stops it from opening a browser (otherwise it
//   needs an xdg-open on PATH); we do both.
// - It listens on all interfaces; a --require preload here binds it to 127.0.0.1.
// - The config file's `users` must hold exactly 5 users, `team.channels` at most 1
//   (the General channel is implicit and has the team id as conversation id).
// - Opening a conversation in the UI for the first time in a page session sends
//   installationUpdate(add) + conversationUpdate(membersAdded: bot) to the bot
//   (POST /_debug/conversation/<id>/installation). The personal chat is opened
//   when the page loads.
// - In group chats and channels the bot only receives messages that @mention it.
// - UI-generated activities always carry locale "en-US"; timezone comes from the
//   playground process (TZ env). Custom activities are forwarded verbatim.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Path of the playground CLI entry (run with the current node binary). */
export const PLAYGROUND_CLI = path.resolve(here, '../node_modules/@microsoft/m365agentsplayground/cli.js');

/** Chromium executable (Debian package). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that work on this machine (see /work/shared/ENVIRONMENT.md). */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Stable DOM selectors of the playground UI (0.2.28). */
export const SELECTORS = Object.freeze({
  // conversation list (left pane)
  chatTree: '[role=tree][aria-labelledby="conversation-window-personal-and-group-chat"]',
  teamTree: '[role=tree][aria-labelledby="conversation-window-teams-channel"]',
  treeItem: 'button[role=treeitem]',
  personalChatItem: 'button[role=treeitem][aria-label="Personal Chat"]',
  // composer (Lexical editor)
  textbox: '[role=textbox][contenteditable=true][data-lexical-editor=true]',
  sendButton: 'button[aria-label="Send Message"]',
  mentionMenuItem: '#typeahead-menu [role=menuitem]',
  // messages
  messageHeader: '[aria-label="Message header"]',
  messageAuthor: '[aria-label="Message author"]',
  chatMessageBubble: '.fai-OutputCard', // bot messages in personal/group chat
  channelPost: 'div[role=group].fui-Card', // posts in a channel (first one is the new-post composer)
  adaptiveCard: '.ac-adaptiveCard',
  invokeNotice: '[aria-label="Display Invoked Message"]',
  // top bar
  mockActivityButton: 'button[aria-labelledby="mockActivityMenuButtonText"]',
  menuItem: '[role=menuitem]',
  dialog: '[role=dialog]',
});

// ---------------------------------------------------------------------------
// small utilities

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects with a clear message when `promise` does not settle within `ms`. */
export async function withTimeout(promise, ms, label = 'operation') {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `url` with GET until it answers with an accepted status.
 * @param {string} url
 * @param {number} [timeoutMs=30000]
 * @param {{intervalMs?: number, accept?: (status:number)=>boolean}} [opts]
 * @returns {Promise<{status:number, body:string, elapsedMs:number}>}
 */
export async function waitForHttp(url, timeoutMs = 30000, { intervalMs = 250, accept = (s) => s >= 200 && s < 300 } = {}) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last = 'no attempt';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.max(500, Math.min(5000, deadline - Date.now()))) });
      const body = await res.text();
      if (accept(res.status)) return { status: res.status, body, elapsedMs: Date.now() - started };
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e?.cause?.code || e?.name || String(e);
    }
    await sleep(intervalMs);
  }
  throw new Error(`waitForHttp(${url}) gave up after ${timeoutMs} ms (last: ${last})`);
}

/** True when `port` can be bound on 127.0.0.1 right now. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** An ephemeral free port on 127.0.0.1. */
export function getFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function makeLogger(log) {
  if (typeof log === 'function') return log;
  if (log === false || log == null) return () => {};
  return (...a) => console.log('[playground]', ...a);
}

// ---------------------------------------------------------------------------
// process bookkeeping: kill what we started even if the test forgets

const liveChildren = new Set();
let cleanupInstalled = false;

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // whole process group (spawned detached)
  } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const c of liveChildren) killGroup(c, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    const handler = () => {
      for (const c of liveChildren) killGroup(c, 'SIGKILL');
      process.removeListener(sig, handler);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

async function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    liveChildren.delete(child);
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    killGroup(child, 'SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  }
  liveChildren.delete(child);
}

// ---------------------------------------------------------------------------
// config file

const q = (s) => JSON.stringify(String(s)); // a JSON string is a valid YAML double-quoted scalar

function userYaml(u, indent) {
  const p = ' '.repeat(indent);
  const given = u.givenName ?? String(u.name).split(' ')[0];
  const sur = u.surname ?? String(u.name).split(' ').slice(1).join(' ');
  const mail = u.email ?? u.userPrincipalName ?? u.userPrincipleName;
  return [
    `id: ${q(u.id)}`,
    `name: ${q(u.name)}`,
    `userPrincipleName: ${q(u.userPrincipalName ?? u.userPrincipleName ?? mail)}`, // sic: the schema spells it "Principle"
    `aadObjectId: ${q(u.aadObjectId)}`,
    `givenName: ${q(given)}`,
    `surname: ${q(sur)}`,
    `email: ${q(mail)}`,
  ].map((l, i) => (i === 0 ? l : p + l)).join('\n');
}

/**
 * Builds a `.m365agentsplayground.yml` text (schema version 0.1.1).
 * The playground demands exactly 5 entries in `users` and at most 1 extra channel.
 * @param {{tenantId:string, bot:{id:string,name:string}, currentUser:object, users:object[],
 *          personalChatId?:string, groupChat?:{id:string,name:string},
 *          team:{id:string,name:string,aadGroupId:string,channels?:{id:string,name:string}[]}}} cfg
 */
export function buildPlaygroundConfig(cfg) {
  if (!Array.isArray(cfg.users) || cfg.users.length !== 5) {
    throw new Error(`playground config: "users" must hold exactly 5 users (got ${cfg.users?.length})`);
  }
  const channels = cfg.team.channels ?? [];
  if (channels.length > 1) throw new Error('playground config: at most one channel besides General');
  const lines = [
    'version: "0.1.1"',
    `tenantId: ${q(cfg.tenantId)}`,
    'bot:',
    `  id: ${q(cfg.bot.id)}`,
    `  name: ${q(cfg.bot.name)}`,
    'currentUser:',
    `  ${userYaml(cfg.currentUser, 2)}`,
    'users:',
    ...cfg.users.map((u) => `  - ${userYaml(u, 4)}`),
    'personalChat:',
    `  id: ${q(cfg.personalChatId ?? 'personal-chat-id')}`,
    'groupChat:',
    `  id: ${q(cfg.groupChat?.id ?? 'group-chat-id')}`,
    `  name: ${q(cfg.groupChat?.name ?? 'Group Chat')}`,
    'team:',
    `  id: ${q(cfg.team.id)}`,
    `  name: ${q(cfg.team.name)}`,
    `  aadGroupId: ${q(cfg.team.aadGroupId)}`,
    channels.length ? '  channels:' : '  channels: []',
    ...channels.map((c) => `    - id: ${q(c.id)}\n      name: ${q(c.name)}`),
  ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// playground process

const LOOPBACK_PRELOAD = `// written by tests/e2e/lib/playground.mjs: bind every TCP server to 127.0.0.1
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const a0 = args[0];
  if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\\d+$/.test(a0))) {
    if (args.length === 1 || typeof args[1] === 'function') args.splice(1, 0, '127.0.0.1');
  } else if (a0 && typeof a0 === 'object' && !Array.isArray(a0) && a0.path === undefined && a0.fd === undefined && a0.handle === undefined && a0._handle === undefined && a0.host === undefined) {
    args[0] = { ...a0, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
`;

/**
 * Starts the Agents Playground against a bot endpoint.
 *
 * @param {object} o
 * @param {string} o.botEndpoint      e.g. http://127.0.0.1:3978/api/messages
 * @param {string} [o.configFile]     yml to use (copied into the working dir)
 * @param {string} [o.configYaml]     yml text (alternative to configFile)
 * @param {string} [o.workDir]        working dir (default: fresh temp dir, removed on stop)
 * @param {number} [o.port=56150]     preferred port; a free one is picked if it is taken (0 = any)
 * @param {string} [o.channelId='msteams']
 * @param {string} [o.timezone]       TZ for the playground process (-> localTimezone / clientInfo.timezone)
 * @param {string} [o.serviceUrl]     default http://127.0.0.1:<port>/_connector
 * @param {boolean} [o.loopbackOnly=true] bind the playground to 127.0.0.1 only
 * @param {object} [o.env]            extra environment variables
 * @param {string[]} [o.extraArgs]    extra CLI arguments
 * @param {number} [o.timeoutMs=30000]
 * @param {(...a)=>void|boolean} [o.log] logger (false = silent)
 */
export async function startPlayground({
  botEndpoint,
  configFile,
  configYaml,
  workDir,
  port = 56150,
  channelId = 'msteams',
  timezone,
  serviceUrl,
  loopbackOnly = true,
  env = {},
  extraArgs = [],
  timeoutMs = 30000,
  log,
} = {}) {
  if (!botEndpoint) throw new Error('startPlayground: botEndpoint is required');
  const say = makeLogger(log);
  installCleanup();

  const ownWorkDir = !workDir;
  const dir = workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  fs.mkdirSync(dir, { recursive: true });
  const configPath = path.join(dir, '.m365agentsplayground.yml');
  if (configFile) fs.copyFileSync(configFile, configPath);
  else if (configYaml) fs.writeFileSync(configPath, configYaml);
  const haveConfig = Boolean(configFile || configYaml);

  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const xdg = path.join(binDir, 'xdg-open');
  fs.writeFileSync(xdg, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const preload = path.join(dir, 'bind-loopback.cjs');
  if (loopbackOnly) fs.writeFileSync(preload, LOOPBACK_PRELOAD);
  const logFile = path.join(dir, 'devTools', 'm365agentsplayground.log');

  let chosenPort = port;
  if (!chosenPort || !(await isPortFree(chosenPort))) {
    chosenPort = await getFreePort();
    if (port) say(`port ${port} is taken, using ${chosenPort}`);
  }
  const svcUrl = serviceUrl ?? `http://127.0.0.1:${chosenPort}/_connector`;

  const args = [PLAYGROUND_CLI, '-e', botEndpoint, '-c', channelId, '--dt', '-p', String(chosenPort), '--su', svcUrl, ...extraArgs];
  const childEnv = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    ...(haveConfig ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath } : {}),
    ...(timezone ? { TZ: timezone } : {}),
    ...env,
  };
  if (loopbackOnly) childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ? childEnv.NODE_OPTIONS + ' ' : ''}--require ${preload}`;

  const t0 = Date.now();
  say(`starting playground on port ${chosenPort} -> ${botEndpoint} (workDir ${dir})`);
  const child = spawn(process.execPath, args, { cwd: dir, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);

  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { liveChildren.delete(child); resolve({ code, signal }); }));

  const readLog = () => { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } };
  const failure = (why) => {
    const reason = readLog().split('\n').filter((l) => /^error /.test(l)).join('\n');
    return new Error(`playground failed to start: ${why}\n${reason || ''}\nstdout: ${stdout.trim()}\nstderr: ${stderr.trim().slice(-2000)}`);
  };

  const handle = {
    process: child,
    pid: child.pid,
    workDir: dir,
    configPath: haveConfig ? configPath : null,
    logFile,
    port: chosenPort,
    url: `http://127.0.0.1:${chosenPort}`,
    connectorUrl: svcUrl,
    serviceUrl: svcUrl,
    config: null,
    exited,
    readLog,
    stdout: () => stdout,
    stderr: () => stderr,
    /** The effective config: {config:{tenantId,bot,currentUser,users,personalChat,groupChats,teams}, internalConfig:{locale,localTimezone,channelId}} */
    async getTestConfig() {
      const res = await fetch(`${handle.url}/_internal/v1/testConfig`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`testConfig: HTTP ${res.status}`);
      return res.json();
    },
    /** Same as opening a conversation in the UI the first time: installationUpdate(add) + conversationUpdate(membersAdded bot). */
    async triggerInstallation(conversationId) {
      const res = await fetch(`${handle.url}/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`triggerInstallation(${conversationId}): HTTP ${res.status} ${await res.text()}`);
    },
    /**
     * Template activity the "Mock an Activity" menu would send.
     * type: install | uninstall | userAdded | userRemoved | botAdded | botRemoved | channelCreated |
     *       channelRenamed | channelDeleted | teamRenamed | teamDeleted | sendEmail | mentionInWord | undefined (custom)
     */
    async getActivityTemplate(conversationId, type) {
      const u = new URL(`${handle.url}/_internal/v1/customActivities/template`);
      u.searchParams.set('conversationId', conversationId);
      if (type) u.searchParams.set('type', type);
      const res = await fetch(u, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`activity template ${type}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    /** Sends any activity to the bot, verbatim (fire and forget: the bot's HTTP answer is not returned). */
    async sendCustomActivity(activity) {
      const res = await fetch(`${handle.url}/_internal/v1/customActivities`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`customActivities: HTTP ${res.status} ${await res.text()}`);
    },
    /** Template of `type` for `conversationId`, deep-merged with `patch` (arrays replaced), then sent. Returns the activity sent. */
    async sendMockActivity({ conversationId, type, patch = {} }) {
      const activity = deepMerge(await handle.getActivityTemplate(conversationId, type), patch);
      await handle.sendCustomActivity(activity);
      return activity;
    },
    /** POST to the mocked connector as the bot would (e.g. proactive message). Returns {status, body}. */
    async connector(method, apiPath, body) {
      const res = await fetch(`${svcUrl}${apiPath.startsWith('/') ? '' : '/'}${apiPath}`, {
        method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      let json; try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
      return { status: res.status, body: json };
    },
    async stop() {
      await stopChild(child);
      if (ownWorkDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    // 1) "Listening on <port>" on stdout (or early exit)
    const listening = await withTimeout(new Promise((resolve, reject) => {
      const check = () => {
        const m = /Listening on (\d+)/.exec(stdout);
        if (m) { child.stdout.off('data', check); resolve(Number(m[1])); }
      };
      child.stdout.on('data', check);
      check();
      exited.then(({ code, signal }) => reject(failure(`exited with ${code ?? signal} before listening`)));
    }), timeoutMs, 'playground start');
    if (listening !== chosenPort) {
      handle.port = listening;
      handle.url = `http://127.0.0.1:${listening}`;
      say(`playground fell back to port ${listening}; serviceUrl ${svcUrl} is now wrong`);
    }
    // 2) backend mounted and config accepted (a bad yml exits with code 1 right here)
    const remaining = Math.max(1000, timeoutMs - (Date.now() - t0));
    const ready = waitForHttp(`${handle.url}/_internal/v1/testConfig`, remaining, { intervalMs: 150 });
    const died = exited.then(({ code, signal }) => { throw failure(`exited with ${code ?? signal}`); });
    await Promise.race([ready, died]);
    await sleep(300); // a config error exits a moment after the routes answer
    if (child.exitCode !== null) throw failure(`exited with ${child.exitCode}`);
    handle.config = await handle.getTestConfig();
    say(`playground ready in ${Date.now() - t0} ms at ${handle.url}`);
    return handle;
  } catch (e) {
    await handle.stop().catch(() => {});
    throw e;
  }
}

function deepMerge(base, patch) {
  if (Array.isArray(patch) || patch === null || typeof patch !== 'object') return patch;
  const out = { ...(base && typeof base === 'object' && !Array.isArray(base) ? base : {}) };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out;
}

// ---------------------------------------------------------------------------
// recording proxy between playground and bot (optional)

/**
 * A tiny reverse proxy that records every request the playground sends to the bot.
 * Point the playground's botEndpoint at `recorder.endpoint`.
 * @param {{target:string, port?:number, path?:string, log?:any}} o  target: the bot's full messaging URL
 */
export async function startActivityRecorder({ target, port = 0, path: routePath = '/api/messages', log } = {}) {
  if (!target) throw new Error('startActivityRecorder: target is required');
  const say = makeLogger(log);
  const records = [];
  const waiters = new Set();
  const targetUrl = new URL(target);

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks);
    let activity;
    try { activity = JSON.parse(raw.toString('utf8')); } catch { activity = undefined; }
    const rec = { at: Date.now(), method: req.method, url: req.url, headers: req.headers, activity, response: null };
    if (req.method === 'POST') records.push(rec);
    const headers = { ...req.headers };
    delete headers.host;
    delete headers['content-length'];
    try {
      const upstream = await fetch(new URL(req.url, targetUrl), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : raw,
        signal: AbortSignal.timeout(60000),
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      rec.response = { status: upstream.status, body: body.toString('utf8') };
      const outHeaders = {};
      upstream.headers.forEach((v, k) => { if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) outHeaders[k] = v; });
      res.writeHead(upstream.status, outHeaders);
      res.end(body);
    } catch (e) {
      rec.response = { status: 502, body: String(e?.cause?.code || e) };
      res.writeHead(502);
      res.end();
    }
    for (const w of [...waiters]) w();
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });
  const actualPort = server.address().port;
  say(`activity recorder on ${actualPort} -> ${target}`);

  const recorder = {
    port: actualPort,
    endpoint: `http://127.0.0.1:${actualPort}${routePath}`,
    records,
    /** activities received so far (optionally filtered) */
    activities(pred = () => true) { return records.map((r) => r.activity).filter((a) => a && pred(a)); },
    clear() { records.length = 0; },
    /**
     * Waits for the first record (from index `since`) whose activity matches `pred`; resolves after the bot answered it.
     * @returns {Promise<{activity:object, headers:object, response:{status:number, body:string}}>}
     */
    waitFor(pred, { timeout = 15000, since = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = since; i < records.length; i++) {
            const r = records[i];
            if (r.response && r.activity && pred(r.activity, r)) { done(); resolve(r); return true; }
          }
          return false;
        };
        const timer = setTimeout(() => { done(); reject(new Error(`recorder.waitFor timed out after ${timeout} ms; saw: ${records.slice(since).map((r) => `${r.activity?.type}${r.activity?.name ? '/' + r.activity.name : ''}`).join(', ') || 'nothing'}`)); }, timeout);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      server.closeAllConnections?.();
      await withTimeout(new Promise((r) => server.close(() => r())), 5000, 'recorder stop').catch(() => {});
    },
  };
  return recorder;
}

// ---------------------------------------------------------------------------
// browser

/**
 * Launches Debian's Chromium headless with a fresh temporary profile.
 * @param {{headless?:boolean, viewport?:{width:number,height:number}, executablePath?:string,
 *          extraArgs?:string[], defaultTimeout?:number, locale?:string, timezoneId?:string}} [o]
 * @returns {Promise<{browser:import('playwright-core').Browser|null, context:import('playwright-core').BrowserContext,
 *                    page:import('playwright-core').Page, userDataDir:string, close:()=>Promise<void>}>}
 */
export async function launchBrowser({
  headless = true,
  viewport = { width: 1400, height: 1000 },
  executablePath = CHROMIUM_PATH,
  extraArgs = [],
  defaultTimeout = 15000,
  locale,
  timezoneId,
} = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-chromium-'));
  let context;
  try {
    context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      viewport,
      locale,
      timezoneId,
      timeout: 30000,
    }), 45000, 'chromium launch');
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(defaultTimeout);
  context.setDefaultNavigationTimeout(30000);
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    browser: context.browser(),
    context,
    page,
    userDataDir,
    async close() {
      if (closed) return;
      closed = true;
      await withTimeout(context.close(), 15000, 'browser close').catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------
// UI helpers

const currentScope = new WeakMap(); // page -> 'personal' | 'group' | 'team' (set by openPlayground/openChat)

/**
 * Opens the playground UI and waits until the conversation list is there.
 * Opening the page makes the playground send installationUpdate + conversationUpdate
 * for the personal chat to the bot (so start the bot first).
 * @param {import('playwright-core').Page} page
 * @param {{url:string}|string} playground handle from startPlayground, or its URL
 * @param {{timeout?:number, requireConnected?:boolean}} [o]
 */
export async function openPlayground(page, playground, { timeout = 30000, requireConnected = true } = {}) {
  const url = typeof playground === 'string' ? playground : playground.url;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  currentScope.set(page, 'personal'); // the personal chat is selected after load
  await page.locator(SELECTORS.personalChatItem).waitFor({ state: 'visible', timeout });
  if (requireConnected) {
    // The UI asks the playground to probe the bot endpoint (it waits up to 15 s) and logs the result.
    const ok = page.getByText('Connected.', { exact: true });
    const bad = page.getByText(/Cannot connect to your app/);
    const which = await Promise.race([
      ok.first().waitFor({ timeout: Math.min(timeout, 20000) }).then(() => 'ok'),
      bad.first().waitFor({ timeout: Math.min(timeout, 20000) }).then(() => 'bad'),
    ]).catch(() => 'unknown');
    if (which === 'bad') throw new Error('playground says it cannot connect to the bot endpoint');
  }
}

/**
 * Selects a conversation in the left pane.
 * @param {import('playwright-core').Page} page
 * @param {{scope:'personal'|'group'|'team', channel?:string, name?:string, timeout?:number}} o
 *   team: `channel` = channel display name (default "General"); group: `name` = group chat name (default: the first group chat)
 * @returns {Promise<{scope:string, label:string}>}
 */
export async function openChat(page, { scope = 'personal', channel = 'General', name, timeout = 15000 } = {}) {
  let item;
  if (scope === 'personal') {
    item = page.locator(SELECTORS.personalChatItem);
  } else if (scope === 'group') {
    const items = page.locator(`${SELECTORS.chatTree} ${SELECTORS.treeItem}`);
    item = name
      ? items.and(page.locator(`[aria-label=${JSON.stringify(name)}]`))
      : items.and(page.locator(':not([aria-label="Personal Chat"])')).first();
  } else if (scope === 'team' || scope === 'channel') {
    item = page.locator(`${SELECTORS.teamTree} ${SELECTORS.treeItem}[aria-label$=${JSON.stringify(' - ' + channel)}]`).first();
  } else {
    throw new Error(`openChat: unknown scope ${scope}`);
  }
  await item.waitFor({ state: 'visible', timeout });
  const label = await item.getAttribute('aria-label');
  await item.click({ timeout });
  currentScope.set(page, scope === 'channel' ? 'team' : scope);
  await page.locator(SELECTORS.textbox).first().waitFor({ state: 'visible', timeout });
  if (scope === 'team' || scope === 'channel') {
    await page.getByRole('button', { name: 'Post', exact: true }).waitFor({ state: 'visible', timeout });
  } else {
    await page.getByRole('button', { name: 'Post', exact: true }).waitFor({ state: 'detached', timeout });
  }
  return { scope, label };
}

/** True when the current view is a channel (posts + "Post" button). */
export async function isChannelView(page) {
  return (await page.getByRole('button', { name: 'Post', exact: true }).count()) > 0;
}

/** Bot display name from the running playground (read through the page). */
export async function getBotName(page) {
  return page.evaluate(async () => {
    const r = await fetch('/_internal/v1/testConfig');
    return (await r.json()).config.bot.name;
  });
}

async function typeInto(page, box, text, { mention, timeout }) {
  await box.click({ timeout });
  if (mention) {
    const botName = typeof mention === 'string' ? mention : await getBotName(page);
    await page.keyboard.type('@');
    const item = page.locator(SELECTORS.mentionMenuItem).filter({ hasText: botName }).first();
    await item.waitFor({ state: 'visible', timeout });
    await item.click({ timeout });
    await page.keyboard.insertText(' ');
  }
  // One insertText keeps "\n" in the text the bot receives; Shift+Enter line breaks are dropped by the playground.
  if (text) await page.keyboard.insertText(String(text));
}

/**
 * Sends a message as the current user in the open conversation.
 * - personal chat: message box + "Send Message"
 * - group chat: same, and @mentions the bot by default (the playground only forwards mentioned messages)
 * - channel: starts a new post (or replies in `thread`, a post locator) and @mentions the bot by default
 * Resolves when the playground accepted the message; returns {messageId, conversationId}.
 * @param {import('playwright-core').Page} page
 * @param {string} text  ("\n" is kept: the bot receives it)
 * @param {{mention?:boolean|string, thread?:import('playwright-core').Locator, timeout?:number}} [o]
 */
export async function sendMessage(page, text, { mention, thread, timeout = 15000 } = {}) {
  const channel = await isChannelView(page);
  let box;
  let send;
  if (thread) {
    box = thread.locator(SELECTORS.textbox).last();
    send = thread.locator(SELECTORS.sendButton).last();
  } else if (channel) {
    const composer = page.locator(SELECTORS.channelPost).filter({ has: page.getByRole('button', { name: 'Post', exact: true }) }).first();
    box = composer.locator(SELECTORS.textbox).first();
    send = composer.getByRole('button', { name: 'Post', exact: true });
  } else {
    box = page.locator(SELECTORS.textbox).last();
    send = page.locator(SELECTORS.sendButton).last();
  }
  if (mention === undefined) {
    // the playground forwards group-chat and channel messages to the bot only when it is @mentioned
    mention = channel || Boolean(thread) || currentScope.get(page) === 'group';
  }
  await typeInto(page, box, text, { mention, timeout });
  const accepted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(new URL(r.url()).pathname),
    { timeout },
  );
  await send.click({ timeout });
  const res = await accepted;
  if (!res.ok()) throw new Error(`sendMessage: playground answered HTTP ${res.status()}`);
  const body = await res.json().catch(() => ({}));
  const m = /\/conversations\/([^/]+)\/messages$/.exec(new URL(res.url()).pathname);
  return { messageId: body.messageId, conversationId: body.postConversationId ?? (m ? decodeURIComponent(m[1]) : undefined) };
}

/**
 * Waits for a bot text message (not a card) containing `text` and returns its locator.
 * Works in chats and channels.
 */
export async function waitForBotText(page, text, { timeout = 15000 } = {}) {
  const loc = page.locator(`${SELECTORS.chatMessageBubble}, ${SELECTORS.channelPost} p, ${SELECTORS.channelPost} span`)
    .filter({ hasText: text }).last();
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

/** Waits for any text to be visible in the conversation pane. */
export async function waitForText(page, text, { timeout = 15000 } = {}) {
  const loc = page.getByText(text).last();
  await loc.waitFor({ state: 'visible', timeout });
  return loc;
}

/**
 * Waits for an Adaptive Card whose text contains `text` (string or RegExp); returns the card locator
 * (the newest match). The returned locator is pinned to that card's message, so it keeps pointing at
 * the card after the card was replaced in place.
 */
export async function waitForCardContaining(page, text, { timeout = 15000 } = {}) {
  const match = page.locator(SELECTORS.adaptiveCard).filter({ hasText: text }).last();
  await match.waitFor({ state: 'visible', timeout });
  return pinCard(page, match);
}

/** All cards currently rendered in the open conversation. */
export function cards(page) {
  return page.locator(SELECTORS.adaptiveCard);
}

async function pinCard(page, card) {
  const id = await card.evaluate((el, fresh) => {
    // tag the message container (survives the in-place card update)
    const holder = el.closest('.fai-OutputCard') || el.closest('.ac-preview-panel')?.parentElement || el.parentElement;
    if (!holder.dataset.e2eCard) holder.dataset.e2eCard = fresh;
    return holder.dataset.e2eCard;
  }, randomUUID());
  return page.locator(`[data-e2e-card="${id}"] ${SELECTORS.adaptiveCard}`).first();
}

/**
 * Clicks an action button (Action.Execute / Action.Submit) of a card and waits for the playground's
 * round trip to the bot. For Action.Execute the bot's invoke answer is returned and, when it carries
 * a card, this waits until the card in the page shows the new content.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} card  from waitForCardContaining
 * @param {string|RegExp} title  button title
 * @returns {Promise<{status:number, response:any, card:import('playwright-core').Locator}>}
 */
export async function clickCardAction(page, card, title, { timeout = 15000 } = {}) {
  const pinned = await pinCard(page, card);
  const before = await pinned.innerText();
  const button = pinned.getByRole('button', { name: title, exact: typeof title === 'string' });
  await button.waitFor({ state: 'visible', timeout });
  const round = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/_conversation\/v1\/(invoke|submit)$|\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(new URL(r.url()).pathname),
    { timeout },
  );
  await button.click({ timeout });
  const res = await round;
  let response;
  try { response = await res.json(); } catch { response = undefined; }
  if (res.ok() && response && response.type === 'application/vnd.microsoft.card.adaptive' && response.value) {
    // wait (bounded) for the re-render; an identical card is fine too
    const deadline = Date.now() + Math.min(timeout, 5000);
    while (Date.now() < deadline && (await pinned.innerText().catch(() => before)) === before) await sleep(100);
  }
  return { status: res.status(), response, card: pinned };
}

/** Fills a card input found by its label (Input.Text / Input.Number / Input.Date ...). */
export async function fillCardInput(card, label, value) {
  const byRole = card.getByRole('spinbutton', { name: label }).or(card.getByLabel(label, { exact: true }));
  await byRole.first().fill(String(value));
}

// While other activities arrive the Playground may render the card anew between the click and Playwright's
// look at the input, which then reports that the click did not change its state. The choice is made again on
// the card as it is now, a few times, and must stay made.
async function checkSurely(choice, { tries = 5 } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      await choice.check({ timeout: 5000 });
      await sleep(150);
      if (await choice.isChecked()) return;
    } catch (error) {
      if (attempt >= tries) throw error;
    }
    if (attempt >= tries) throw new Error('the choice did not stay selected');
    await sleep(300);
  }
}

/** Picks a choice of an Input.ChoiceSet (expanded: radio/checkbox; compact: combobox) by label and choice title. */
export async function chooseCardOption(page, card, label, choiceTitle) {
  const radio = card.getByRole('radio', { name: choiceTitle, exact: true });
  if (await radio.count()) { await checkSurely(radio.first()); return; }
  const box = card.getByRole('checkbox', { name: choiceTitle, exact: true });
  if (await box.count()) { await checkSurely(box.first()); return; }
  await card.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: choiceTitle, exact: true }).first().click();
}

/** Channel post (thread) containing `text`; use as `thread` for sendMessage or to scope waits. */
export function channelPost(page, text) {
  return page.locator(SELECTORS.channelPost).filter({ hasText: text }).first();
}

/**
 * Uses the "Mock an Activity" menu: opens it, picks `itemText` (e.g. "Install application",
 * "Add user", "Add application", "Uninstall application", "Remove user", "Custom activity"),
 * and presses "Send activity" in the dialog (the JSON shown there is sent unchanged).
 */
export async function mockActivityViaMenu(page, itemText, { timeout = 15000 } = {}) {
  await page.locator(SELECTORS.mockActivityButton).click({ timeout });
  const item = page.locator(SELECTORS.menuItem).filter({ hasText: new RegExp(`^${itemText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
  await item.click({ timeout });
  const dialog = page.locator(SELECTORS.dialog).first();
  await dialog.waitFor({ state: 'visible', timeout });
  const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/_internal/v1/customActivities'), { timeout });
  await dialog.getByRole('button', { name: 'Send activity', exact: true }).click({ timeout });
  const res = await sent;
  const activity = JSON.parse(res.request().postData() || '{}');
  await dialog.waitFor({ state: 'detached', timeout }).catch(() => {});
  return activity;
}

/** Lines of the playground's log panel (right pane), e.g. "... installationUpdate 200". */
export async function readLogPanel(page) {
  const text = await page.locator('text=Log Panel').locator('xpath=ancestor::div[.//*[@contenteditable="true"]][1]')
    .locator('[contenteditable=true]').first().innerText().catch(() => '');
  return text.split('\n').filter(Boolean);
}

/** Full-page screenshot to `<dir>/<name>.png` (dir is created); returns the path. */
export async function screenshot(page, dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const safe = String(name).replace(/[^\w.-]+/g, '_').replace(/\.png$/i, '');
  const file = path.join(dir, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 15000 });
  return file;
}

/**
 * Waits until a log panel line matches `pattern` (string = substring, or RegExp), e.g.
 * /installationUpdate 200/ or /invoke 200/. Lines look like
 * "[12:33:10 PM] Microsoft 365 Agents Playground -> User Application installationUpdate 200".
 * Only lines that appear after `since` (a count from an earlier readLogPanel) are considered.
 */
export async function waitForLogLine(page, pattern, { timeout = 15000, since = 0 } = {}) {
  const test = typeof pattern === 'string' ? (l) => l.includes(pattern) : (l) => pattern.test(l);
  const deadline = Date.now() + timeout;
  let lines = [];
  while (Date.now() < deadline) {
    lines = await readLogPanel(page);
    const hit = lines.slice(since).find(test);
    if (hit) return hit;
    await sleep(200);
  }
  throw new Error(`waitForLogLine(${pattern}) timed out after ${timeout} ms; last lines:\n${lines.slice(-5).join('\n')}`);
}
