// Starts the bot and the Microsoft 365 Agents Playground for a person to try, until Ctrl+C.
// Run through src/run-in-playground.sh, which installs the npm packages first.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBot, REPO_ROOT } from './lib/bot.mjs';
import { startPlayground } from './lib/playground.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const configFile = path.join(here, 'playground.yml');
const tenant = /^tenantId:\s*"?([^"\s]+)"?/m.exec(fs.readFileSync(configFile, 'utf8'))[1];

console.log('Starting the bot on http://127.0.0.1:3978 (Development, SQLite) ...');
const bot = await startBot({
  port: 3978,
  allowedTenant: tenant,
  dataDir: path.join(REPO_ROOT, 'src', 'TeamsKiCoach.Bot', 'data'),
  echo: true,
});
console.log('Starting the Agents Playground ...');
const playground = await startPlayground({ botEndpoint: bot.endpoint, configFile, timezone: 'Europe/Berlin', port: 56150, log: false });

console.log(`
TeamsKiCoach is running.
  Open ${playground.url} in a browser: the bot greets you with its welcome card; type "help".
  The Playground's chat sends the locale en-US, so the bot answers in English ("hilfe" works too, also in English).
  Data: src/TeamsKiCoach.Bot/data/coach.db
  The bot's warnings and errors appear here, marked [bot].
Stop with Ctrl+C.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping ...');
  await playground.stop();
  await bot.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
