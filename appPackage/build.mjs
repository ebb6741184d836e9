#!/usr/bin/env node
// Builds the Teams app package: fills the ${{NAME}} placeholders of manifest.json and en.json from an env file
// and zips them with the two icons into appPackage/build/appPackage.<env>.zip. Plain Node (20+), no npm
// packages: the zip is written here with zlib's raw deflate, since Node has no zip writer of its own.
//
// Usage:
//   node appPackage/build.mjs <env>                 reads appPackage/env/.env.<env>
//   node appPackage/build.mjs --env-file <path>     any KEY=VALUE file; the env name is taken from .env.<name>
//   options: --name <env> (names the output), --out <dir> (default appPackage/build)
//
// The env file has one KEY=VALUE a line, '#' comments, values optionally in single or double quotes (so
// APP_NAME_SUFFIX=" (dev)" keeps its space). A key missing in the file is taken from the process environment,
// as the Agents Toolkit does. APP_NAME_SUFFIX may be missing (empty); every other placeholder must have a value,
// else the build stops and names what is missing. Writes the zip and, for a look, build/manifest.<env>.json.
// The zip is the same byte for byte for the same input (fixed timestamps, fixed order).

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

export const PACKAGE_FILES = ['manifest.json', 'en.json', 'color.png', 'outline.png'];
const TEMPLATES = new Set(['manifest.json', 'en.json']);
const OPTIONAL = { APP_NAME_SUFFIX: '' };
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export function parseEnvFile(text) {
  const values = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new Error(`line ${index + 1}: expected KEY=VALUE, got "${line}"`);
    let value = match[2];
    const quoted = /^(["'])(.*?)\1\s*(#.*)?$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    values[match[1]] = value;
  }
  return values;
}

export function placeholdersIn(text) {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map(m => m[1]))];
}

// Values go into JSON strings, so they are escaped as JSON; the result must still parse.
export function fill(text, values, file) {
  const missing = placeholdersIn(text).filter(k => values[k] === undefined && OPTIONAL[k] === undefined);
  if (missing.length) throw new Error(`${file}: no value for ${missing.join(', ')}`);
  const filled = text.replace(PLACEHOLDER, (_, key) => JSON.stringify(values[key] ?? OPTIONAL[key]).slice(1, -1));
  JSON.parse(filled);
  return filled;
}

function checkValues(values) {
  const problems = [];
  for (const key of ['TEAMS_APP_ID', 'BOT_ID']) {
    if (values[key] !== undefined && !GUID.test(values[key])) problems.push(`${key} must be a GUID, got "${values[key]}"`);
  }
  if (values.BOT_DOMAIN !== undefined && !/^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?$/.test(values.BOT_DOMAIN)) {
    problems.push(`BOT_DOMAIN must be a host name without scheme or path, got "${values.BOT_DOMAIN}"`);
  }
  for (const key of ['DEVELOPER_WEBSITE_URL', 'PRIVACY_URL', 'TERMS_OF_USE_URL']) {
    if (values[key] !== undefined && !/^https:\/\/\S+$/.test(values[key])) problems.push(`${key} must be an https:// URL, got "${values[key]}"`);
  }
  if (problems.length) throw new Error(problems.join('; '));
}

// ---- zip (PKWARE APPNOTE: local headers, central directory, end record; deflate, no zip64) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 2026-01-01 00:00 in MS-DOS format, for every entry: the same input gives the same zip.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal attributes, external attributes: all 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function build({ envFile, name, out }) {
  const fileValues = parseEnvFile(readFileSync(envFile, 'utf8'));
  const values = { ...fileValues };
  const wanted = new Set(PACKAGE_FILES.filter(f => TEMPLATES.has(f)).flatMap(f => placeholdersIn(readFileSync(join(here, f), 'utf8'))));
  for (const key of wanted) {
    if (values[key] === undefined && process.env[key] !== undefined) values[key] = process.env[key];
  }
  checkValues(values);

  const entries = PACKAGE_FILES.map(file => {
    const bytes = readFileSync(join(here, file));
    return { name: file, data: TEMPLATES.has(file) ? Buffer.from(fill(bytes.toString('utf8'), values, file), 'utf8') : bytes };
  });
  // The likeliest mistake is a long APP_NAME_SUFFIX: Teams takes at most 30 characters for the short name.
  for (const entry of entries.filter(e => TEMPLATES.has(e.name))) {
    const parsed = JSON.parse(entry.data.toString('utf8'));
    const short = parsed.name?.short ?? parsed['name.short'];
    if (short !== undefined && short.length > 30) throw new Error(`${entry.name}: short name "${short}" is longer than 30 characters`);
  }
  mkdirSync(out, { recursive: true });
  const zipPath = join(out, `appPackage.${name}.zip`);
  writeFileSync(zipPath, zip(entries));
  writeFileSync(join(out, `manifest.${name}.json`), entries[0].data);
  return zipPath;
}

function main(argv) {
  const args = { out: join(here, 'build') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--env-file') args.envFile = argv[++i];
    else if (arg === '--name') args.name = argv[++i];
    else if (arg === '--out') args.out = argv[++i];
    else if (!arg.startsWith('-') && !args.env) args.env = arg;
    else throw new Error(`unknown argument "${arg}"`);
  }
  if (!args.envFile && !args.env) throw new Error('usage: node appPackage/build.mjs <env> | --env-file <path> [--name <env>] [--out <dir>]');
  const envFile = resolve(args.envFile ?? join(here, 'env', `.env.${args.env}`));
  if (!existsSync(envFile)) {
    throw new Error(`${envFile} not found; copy appPackage/env/.env.dev.sample to appPackage/env/.env.${args.env ?? 'dev'} and fill it in`);
  }
  const name = args.name ?? args.env ?? (/^\.env\.([^.]+)/.exec(basename(envFile))?.[1] || 'package');
  const zipPath = build({ envFile, name, out: resolve(args.out) });
  console.log(`app package: ${zipPath}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`app package not built: ${error.message}`);
    process.exit(1);
  }
}
