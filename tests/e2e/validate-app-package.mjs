#!/usr/bin/env node
// Checks the Teams app package in appPackage/ the way Teams will see it: builds it with appPackage/build.mjs from
// the sample env file (appPackage/env/.env.dev.sample) into a temporary folder, reads the zip back with its own
// reader, and checks
//   - the manifest is on the newest non-preview schema that npm @microsoft/app-manifest ships, "$schema" pointing
//     to that version's official URL (en.json to the matching localization schema);
//   - the filled manifest.json and en.json pass those official JSON schemas (draft-04, so Ajv's draft-04 class);
//   - Teams' own limits the schema does not hold: at most 10 commands per list, titles up to 32 and descriptions
//     up to 128 characters, one command list per bot scope; the bot in personal, team and groupChat;
//     supportsFiles false; identity and messageTeamMembers; German default with an English file;
//   - en.json translates every command of the manifest and nothing that is not there;
//   - every placeholder in the templates has a sample value, and none is left in the zip;
//   - color.png is 192×192 and outline.png 32×32, both with transparent corners; the outline only white or
//     transparent pixels, the color icon really coloured;
//   - the zip holds exactly manifest.json, en.json, color.png and outline.png at its root, every CRC right.
// Prints one line per check ("ok <check>" or "FAIL <check>: <why>") and "app package: N checks, M failed".
// Exit code 0 only when none failed.

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const { PNG } = require('pngjs');

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const packageDir = join(root, 'appPackage');
const sampleEnv = join(packageDir, 'env', '.env.dev.sample');
const schemaRoot = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
const { parseEnvFile, placeholdersIn, crc32, PACKAGE_FILES } = await import(new URL('../../appPackage/build.mjs', import.meta.url));

const results = [];
function check(name, run) {
  try {
    const problem = run();
    results.push({ name, problem: problem || null });
  } catch (error) {
    results.push({ name, problem: error.message });
  }
}
const problems = list => (list.length ? list.join('; ') : null);

// ---- the zip, read back independently of the writer ----
function readZip(buffer) {
  const endAt = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('no end of central directory record');
  const count = buffer.readUInt16LE(endAt + 10);
  let at = buffer.readUInt32LE(endAt + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`central directory entry ${i} has a bad signature`);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localAt = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (buffer.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`${name}: bad local header`);
    const dataAt = localAt + 30 + buffer.readUInt16LE(localAt + 26) + buffer.readUInt16LE(localAt + 28);
    const raw = buffer.subarray(dataAt, dataAt + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : method === 0 ? raw : null;
    if (!data) throw new Error(`${name}: compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: size or CRC does not match`);
    entries.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// ---- build from the sample env ----
const out = mkdtempSync(join(tmpdir(), 'coach-app-package-'));
let entries = new Map();
const sample = parseEnvFile(readFileSync(sampleEnv, 'utf8'));
const templates = {
  manifest: readFileSync(join(packageDir, 'manifest.json'), 'utf8'),
  en: readFileSync(join(packageDir, 'en.json'), 'utf8'),
};
const manifestTemplate = JSON.parse(templates.manifest);

check('build.mjs builds the zip from the sample env', () => {
  const run = spawnSync(process.execPath, [join(packageDir, 'build.mjs'), '--env-file', sampleEnv, '--name', 'sample', '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) return `exit ${run.status}: ${(run.stderr || run.stdout).trim()}`;
  entries = readZip(readFileSync(join(out, 'appPackage.sample.zip')));
});

check('zip holds exactly manifest.json, en.json, color.png, outline.png', () => {
  const names = [...entries.keys()].sort();
  const expected = ['color.png', 'en.json', 'manifest.json', 'outline.png'];
  return names.join(',') === expected.join(',') ? null : `found ${names.join(', ') || 'nothing'}`;
});

const json = name => JSON.parse(entries.get(name).toString('utf8'));
const manifest = () => json('manifest.json');
const english = () => json('en.json');

check('every placeholder in manifest.json and en.json has a sample value', () => {
  const used = [...new Set([...placeholdersIn(templates.manifest), ...placeholdersIn(templates.en)])];
  if (!used.includes('TEAMS_APP_ID') || !used.includes('BOT_ID') || !used.includes('BOT_DOMAIN')) return `placeholders used: ${used.join(', ')}`;
  return problems(used.filter(k => sample[k] === undefined).map(k => `${k} not in .env.dev.sample`));
});

check('no placeholder is left in the zip, the sample values are in', () => {
  const left = ['manifest.json', 'en.json'].filter(f => entries.get(f).toString('utf8').includes('${{'));
  const m = manifest();
  const wrong = [];
  if (m.id !== sample.TEAMS_APP_ID) wrong.push(`id is ${m.id}`);
  if (m.bots[0].botId !== sample.BOT_ID) wrong.push(`botId is ${m.bots[0].botId}`);
  if (!m.validDomains.includes(sample.BOT_DOMAIN)) wrong.push(`validDomains is ${m.validDomains}`);
  if (m.name.short !== `TeamsKiCoach${sample.APP_NAME_SUFFIX ?? ''}`) wrong.push(`name.short is ${m.name.short}`);
  if (m.developer.privacyUrl !== sample.PRIVACY_URL) wrong.push(`privacyUrl is ${m.developer.privacyUrl}`);
  return problems([...left.map(f => `${f} still has a placeholder`), ...wrong]);
});

check('icons in the zip are the committed files', () =>
  problems(['color.png', 'outline.png'].filter(f => !entries.get(f).equals(readFileSync(join(packageDir, f)))).map(f => `${f} differs`)));

// ---- schema version and schemas ----
const newest = readdirSync(schemaRoot)
  .filter(d => /^v1\.\d+$/.test(d))
  .map(d => d.slice(1))
  .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
  .at(-1);
const schemaUrl = file => `https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/${file}`;

check(`manifest is on v${newest}, the newest non-preview schema of @microsoft/app-manifest`, () => problems([
  ...(manifestTemplate.manifestVersion !== newest ? [`manifestVersion is ${manifestTemplate.manifestVersion}`] : []),
  ...(manifestTemplate.$schema !== schemaUrl('MicrosoftTeams.schema.json') ? [`$schema is ${manifestTemplate.$schema}`] : []),
  ...(JSON.parse(templates.en).$schema !== schemaUrl('MicrosoftTeams.Localization.schema.json') ? [`en.json $schema is ${JSON.parse(templates.en).$schema}`] : []),
]));

function validator(file) {
  // The schemas' patterns are plain ECMAScript regexes (the localization schema has an unescaped "]"), which
  // Ajv's default unicode mode rejects.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(schemaRoot, `v${newest}`, file), 'utf8')));
}
const describe = errors => errors.map(e => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`).join('; ');

check(`manifest.json (filled) passes MicrosoftTeams.schema.json v${newest}`, () => {
  const validate = validator('MicrosoftTeams.schema.json');
  return validate(manifest()) ? null : describe(validate.errors);
});

check(`en.json (filled) passes MicrosoftTeams.Localization.schema.json v${newest}`, () => {
  const validate = validator('MicrosoftTeams.Localization.schema.json');
  return validate(english()) ? null : describe(validate.errors);
});

check('the schema checks catch a broken manifest and a broken en.json', () => {
  const broken = manifest();
  broken.bots[0].botId = 'not-a-guid';
  broken.bots[0].supportFiles = false;
  const brokenEnglish = { ...english(), 'bots[0].commandLists[3].commands[0].title': 'x', 'name.short': 'x'.repeat(31) };
  return problems([
    ...(validator('MicrosoftTeams.schema.json')(broken) ? ['a manifest with a bad botId and an unknown property passed'] : []),
    ...(validator('MicrosoftTeams.Localization.schema.json')(brokenEnglish) ? ['an en.json with a fourth command list and a long name passed'] : []),
  ]);
});

// ---- Teams rules beyond the schema ----
check('bot in personal, team and groupChat; one command list per scope; supportsFiles false', () => {
  const m = manifest();
  const bot = m.bots?.[0];
  const wrong = [];
  const scopes = [...(bot?.scopes ?? [])].sort().join(',');
  if (scopes !== 'groupChat,personal,team') wrong.push(`scopes are ${scopes}`);
  if (bot?.supportsFiles !== false) wrong.push('supportsFiles is not false');
  const listed = (bot?.commandLists ?? []).flatMap(l => l.scopes);
  if ([...listed].sort().join(',') !== 'groupChat,personal,team') wrong.push(`command lists cover ${listed.join(', ')}`);
  return problems(wrong);
});

check('at most 10 commands per list, titles up to 32 and descriptions up to 128 characters', () =>
  problems(manifest().bots[0].commandLists.flatMap((list, i) => [
    ...(list.commands.length > 10 ? [`list ${i} has ${list.commands.length} commands`] : []),
    ...list.commands.flatMap((c, j) => {
      const en = english();
      const titles = [c.title, en[`bots[0].commandLists[${i}].commands[${j}].title`] ?? ''];
      const descriptions = [c.description ?? '', en[`bots[0].commandLists[${i}].commands[${j}].description`] ?? ''];
      return [
        ...titles.filter(t => t.length === 0 || t.length > 32).map(t => `title "${t}" is ${t.length} characters`),
        ...descriptions.filter(d => d.length > 128).map(d => `description "${d}" is ${d.length} characters`),
      ];
    }),
  ])));

check('permissions identity and messageTeamMembers; validDomains has the bot domain', () => {
  const m = manifest();
  const wrong = [];
  if ([...(m.permissions ?? [])].sort().join(',') !== 'identity,messageTeamMembers') wrong.push(`permissions are ${m.permissions}`);
  if (!(manifestTemplate.validDomains ?? []).includes('${{BOT_DOMAIN}}')) wrong.push('validDomains lacks ${{BOT_DOMAIN}}');
  return problems(wrong);
});

check('German by default, English in en.json, every command translated', () => {
  const m = manifest();
  const en = english();
  const wrong = [];
  if (m.localizationInfo?.defaultLanguageTag !== 'de') wrong.push(`defaultLanguageTag is ${m.localizationInfo?.defaultLanguageTag}`);
  const additional = m.localizationInfo?.additionalLanguages ?? [];
  if (additional.length !== 1 || additional[0].languageTag !== 'en' || additional[0].file !== 'en.json') wrong.push(`additionalLanguages is ${JSON.stringify(additional)}`);
  const expected = new Set(['name.short', 'name.full', 'description.short', 'description.full']);
  m.bots[0].commandLists.forEach((list, i) => list.commands.forEach((c, j) => {
    expected.add(`bots[0].commandLists[${i}].commands[${j}].title`);
    if (c.description !== undefined) expected.add(`bots[0].commandLists[${i}].commands[${j}].description`);
  }));
  const keys = new Set(Object.keys(en).filter(k => k !== '$schema'));
  wrong.push(...[...expected].filter(k => !keys.has(k)).map(k => `en.json lacks ${k}`));
  wrong.push(...[...keys].filter(k => !expected.has(k)).map(k => `en.json has ${k}, which the manifest does not`));
  return problems(wrong);
});

// ---- icons ----
const cornerAlphas = png => [[0, 0], [png.width - 1, 0], [0, png.height - 1], [png.width - 1, png.height - 1]]
  .map(([x, y]) => png.data[(y * png.width + x) * 4 + 3]);

check('color.png is 192×192 with a transparent background and real colour', () => {
  const png = PNG.sync.read(entries.get('color.png'));
  const wrong = [];
  if (png.width !== 192 || png.height !== 192) wrong.push(`is ${png.width}×${png.height}`);
  if (cornerAlphas(png).some(a => a !== 0)) wrong.push(`corner alphas ${cornerAlphas(png)}`);
  let coloured = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = png.data.subarray(i, i + 4);
    if (a === 255 && Math.max(r, g, b) - Math.min(r, g, b) > 64) coloured++;
  }
  if (coloured < (png.width * png.height) / 4) wrong.push(`only ${coloured} strongly coloured pixels`);
  return problems(wrong);
});

check('outline.png is 32×32, white on transparent', () => {
  const png = PNG.sync.read(entries.get('outline.png'));
  const wrong = [];
  if (png.width !== 32 || png.height !== 32) wrong.push(`is ${png.width}×${png.height}`);
  if (cornerAlphas(png).some(a => a !== 0)) wrong.push(`corner alphas ${cornerAlphas(png)}`);
  let white = 0;
  let other = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = png.data.subarray(i, i + 4);
    if (a === 0) continue;
    if (r === 255 && g === 255 && b === 255) white++;
    else other++;
  }
  if (other) wrong.push(`${other} pixels neither white nor transparent`);
  if (white < 100) wrong.push(`only ${white} white pixels`);
  return problems(wrong);
});

rmSync(out, { recursive: true, force: true });

for (const { name, problem } of results) console.log(problem ? `FAIL ${name}: ${problem}` : `ok ${name}`);
const failed = results.filter(r => r.problem).length;
console.log(`app package: ${results.length} checks, ${failed} failed`);
process.exit(failed === 0 && PACKAGE_FILES.length === 4 ? 0 : 1);
