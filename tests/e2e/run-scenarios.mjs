// End-to-end scenarios in the Microsoft 365 Agents Playground, driven by headless Chromium.
// Each scenario gets a fresh bot (its own SQLite file, plus the scenario's `env` settings), a fresh Playground and a fresh browser.
// Screenshots of every step go to tests/e2e/screenshots/<scenario>/. Ends with "e2e: N passed, M failed".
//
// Usage: node tests/e2e/run-scenarios.mjs [name-filter]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBot } from './lib/bot.mjs';
import {
  startPlayground, launchBrowser, openPlayground, openChat, sendMessage,
  waitForCardContaining, waitForBotText, clickCardAction, screenshot,
} from './lib/playground.mjs';
import { scenarios } from './scenarios/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shotsRoot = path.join(here, 'screenshots');
const configFile = path.join(here, 'playground.yml');
const filter = process.argv[2];

function tenantOf(yml) {
  const m = /^tenantId:\s*"?([^"\s]+)"?/m.exec(fs.readFileSync(yml, 'utf8'));
  if (!m) throw new Error('playground.yml has no tenantId');
  return m[1];
}

async function runScenario(scenario) {
  const shots = path.join(shotsRoot, scenario.name);
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  let bot; let playground; let browser;
  let step = 0;
  try {
    // A scenario may bring its own Playground config (another current user); the default is the lead's.
    const config = scenario.config ? path.join(here, scenario.config) : configFile;
    bot = await startBot({ allowedTenant: tenantOf(config), env: scenario.env ?? {} });
    playground = await startPlayground({ botEndpoint: bot.endpoint, configFile: config, timezone: 'Europe/Berlin', log: false });
    browser = await launchBrowser();
    const page = browser.page;
    const ctx = {
      page, playground, bot,
      config: await playground.getTestConfig(),
      shot: async (name) => screenshot(page, shots, `${String(++step).padStart(2, '0')}-${name}`),
      openPlayground: () => openPlayground(page, playground),
      openChat: (o) => openChat(page, o),
      send: (text, o) => sendMessage(page, text, o),
      card: (text, o) => waitForCardContaining(page, text, o),
      botText: (text, o) => waitForBotText(page, text, o),
      click: (card, title, o) => clickCardAction(page, card, title, o),
    };
    await scenario.run(ctx);
    return { ok: true };
  } catch (error) {
    if (browser) await screenshot(browser.page, shots, 'failure').catch(() => {});
    const botLog = bot ? bot.output().split('\n').slice(-40).join('\n') : '';
    if (bot && process.env.E2E_BOT_LOG) fs.writeFileSync(process.env.E2E_BOT_LOG, bot.output());
    return { ok: false, error, botLog };
  } finally {
    if (browser) await browser.close();
    if (playground) await playground.stop();
    if (bot) await bot.stop();
  }
}

const selected = scenarios.filter((s) => !filter || s.name.includes(filter));
let passed = 0; let failed = 0;
for (const scenario of selected) {
  const started = Date.now();
  const result = await runScenario(scenario);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    passed++;
    console.log(`ok   ${scenario.name} (${seconds} s)`);
  } else {
    failed++;
    console.log(`FAIL ${scenario.name} (${seconds} s): ${result.error?.stack ?? result.error}`);
    if (result.botLog) console.log(`--- last bot output ---\n${result.botLog}\n---`);
  }
}
console.log(`screenshots: ${path.relative(process.cwd(), shotsRoot) || shotsRoot}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
