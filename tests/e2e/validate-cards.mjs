#!/usr/bin/env node
// Validates Adaptive Card JSON (as produced by the C# card model) with the official
// `adaptivecards` library (npm 3.0.6) at target version 1.5, the version Teams renders.
//
// Usage:
//   node validate-cards.mjs <dir>   validate every *.json file in <dir> (one card per file:
//                                   the attachment content with "type":"AdaptiveCard"; a whole
//                                   attachment {contentType, content} is unwrapped too)
//   node validate-cards.mjs -       read a JSON array of {name, card} from stdin
//
// Output: `ok <name>` or one `FAIL <name>: <message>` line per problem, then
// `cards: N checked, M with problems`. Exit code 0 only when M == 0 and N > 0
// (1 when a card has problems or nothing was checked, 2 on usage / IO errors).
//
// A problem is:
//  - any event the SerializationContext logs while parsing (unknown element/action types,
//    invalid enum values, properties newer than 1.5, ...), prefixed "parse <EventName>:"
//  - any failure from card.validateProperties() (missing input ids, duplicate ids,
//    unsupported card version, ...), prefixed "validate <EventName>:"
//  - the script's own checks, prefixed "check ...": type must be "AdaptiveCard",
//    version must be exactly "1.5", "$schema" must be present, every Input.* must have an id,
//    ids must be unique, and no unknown properties. The library silently ignores
//    properties it does not know (a misspelled "wraps" gives no event at all), so the
//    script compares each parsed object's JSON keys with the library's own property schema.
//    A `fallback` object is parsed separately (the library skips it when the primary is known);
//    ids inside a fallback may repeat the primary's id.
//    Allowed exceptions: `msteams` on the card root (Teams-specific, e.g. {"width":"Full"}),
//    which the library ignores without any event.
//
// No DOM is needed: AdaptiveCard.parse() and validateProperties() do not touch `document`;
// only render() does, and this script never renders. The `lib/` entry of the package does
// not resolve in Node, so the bundled `dist/adaptivecards.js` (UMD/CommonJS) is loaded.

import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js');

const TARGET_VERSION = AC.Versions.v1_5;
const REQUIRED_VERSION = '1.5';
// Keys the library ignores silently but Teams legitimately uses, by schema key of the owner.
const EXTRA_ALLOWED = { AdaptiveCard: ['msteams'] };

// ---- unknown-property detection -------------------------------------------------------
// Every SerializableObject subclass reaches SerializableObject.prototype.internalParse via
// super.internalParse(), so wrapping it sees each parsed object with its JSON source.
let currentUnknown = null; // array collecting "check UnknownProperty" messages for the current card

function allowedKeys(obj) {
  const keys = new Set(['type', 'fallback']);
  const schema = obj.getSchema();
  for (let i = 0; i < schema.getCount(); i++) keys.add(schema.getItemAt(i).name);
  // collections that subclasses read in their own internalParse overrides
  if (typeof obj.getItemsCollectionPropertyName === 'function') keys.add(obj.getItemsCollectionPropertyName());
  if (typeof obj.getCollectionPropertyName === 'function') keys.add(obj.getCollectionPropertyName());
  if (obj instanceof AC.ContainerWithActions || obj instanceof AC.ActionSet) keys.add('actions');
  if (obj instanceof AC.RichTextBlock) keys.add('inlines');
  if (obj instanceof AC.ShowCardAction) keys.add('card');
  if (obj instanceof AC.ColumnSet) keys.add('columns');
  if (obj instanceof AC.Carousel) keys.add('pages');
  for (const k of EXTRA_ALLOWED[schemaKeyOf(obj)] ?? []) keys.add(k);
  return keys;
}

function schemaKeyOf(obj) {
  try {
    return (typeof obj.getJsonTypeName === 'function' && obj.getJsonTypeName()) || obj.getSchemaKey();
  } catch {
    return obj.constructor?.name ?? 'object';
  }
}

const originalInternalParse = AC.SerializableObject.prototype.internalParse;
AC.SerializableObject.prototype.internalParse = function (source, context) {
  const result = originalInternalParse.call(this, source, context);
  // HostCapabilities ("requires") takes arbitrary capability names as keys.
  if (currentUnknown && source && typeof source === 'object' && !Array.isArray(source)
      && !(this instanceof AC.HostCapabilities)) {
    const allowed = allowedKeys(this);
    for (const key of Object.keys(source)) {
      if (!allowed.has(key)) {
        currentUnknown.push(`check UnknownProperty: property "${key}" is not known on ${schemaKeyOf(this)} (ignored by the library)`);
      }
    }
  }
  return result;
};

// ---- raw JSON checks --------------------------------------------------------------------
// Walk the card JSON; free-form payloads (action data, msteams, metadata) are skipped.
const SKIP_KEYS = new Set(['data', 'msteams', 'metadata', 'requires']);

function walk(node, visit, path = '$', inFallback = false) {
  if (Array.isArray(node)) {
    node.forEach((n, i) => walk(n, visit, `${path}[${i}]`, inFallback));
  } else if (node && typeof node === 'object') {
    visit(node, path, inFallback);
    for (const [k, v] of Object.entries(node)) {
      if (!SKIP_KEYS.has(k)) walk(v, visit, `${path}.${k}`, inFallback || k === 'fallback');
    }
  }
}

function rawChecks(card) {
  const problems = [];
  if (card?.type !== 'AdaptiveCard') problems.push(`check Type: root "type" is ${JSON.stringify(card?.type)}, expected "AdaptiveCard"`);
  if (card?.version === undefined) problems.push(`check Version: "version" is missing, expected "${REQUIRED_VERSION}"`);
  else if (card.version !== REQUIRED_VERSION) problems.push(`check Version: "version" is ${JSON.stringify(card.version)}, expected "${REQUIRED_VERSION}"`);
  if (typeof card?.$schema !== 'string' || card.$schema === '') problems.push('check Schema: "$schema" is missing');
  const seen = new Map();
  walk(card, (obj, path, inFallback) => {
    if (typeof obj.type !== 'string') return;
    if (obj.type.startsWith('Input.') && (typeof obj.id !== 'string' || obj.id.trim() === '')) {
      problems.push(`check InputId: ${obj.type} at ${path} has no id`);
    }
    // fallback content replaces its primary and commonly reuses its id: not a duplicate
    if (!inFallback && typeof obj.id === 'string' && obj.id !== '') {
      if (seen.has(obj.id)) problems.push(`check DuplicateId: id "${obj.id}" at ${path} already used at ${seen.get(obj.id)}`);
      else seen.set(obj.id, path);
    }
  });
  return problems;
}

// ---- per-card validation -----------------------------------------------------------------
const eventName = (e) => AC.ValidationEvent?.[e] ?? String(e);

function parseWithLibrary(card) {
  const problems = [];
  const context = new AC.SerializationContext(TARGET_VERSION);
  context.targetVersion = TARGET_VERSION;
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const ev = context.getEventAt(i);
    problems.push(`parse ${eventName(ev.event)}: ${ev.message}`);
  }
  const results = adaptiveCard.validateProperties();
  for (const ev of results.validationEvents) {
    problems.push(`validate ${eventName(ev.event)}: ${ev.message}`);
  }
  return problems;
}

// The library only parses a `fallback` when the primary type is unknown, so a fallback
// (e.g. the Action.Submit behind an Action.Execute) is never checked with the main card.
// Each fallback object is therefore parsed on its own inside a minimal 1.5 card.
function fallbackChecks(card) {
  const problems = [];
  walk(card, (obj, path) => {
    const fb = obj.fallback;
    if (fb === undefined || fb === 'drop') return;
    if (!fb || typeof fb !== 'object' || Array.isArray(fb) || typeof fb.type !== 'string') {
      problems.push(`check Fallback: fallback at ${path} must be "drop" or an element/action object`);
      return;
    }
    const isAction = fb.type.startsWith('Action.');
    if (isAction !== (typeof obj.type === 'string' && obj.type.startsWith('Action.'))) {
      problems.push(`check Fallback: fallback at ${path} (${fb.type}) is not the same kind (element/action) as ${obj.type}`);
    }
    const wrapper = { type: 'AdaptiveCard', version: REQUIRED_VERSION, body: isAction ? [] : [fb], ...(isAction ? { actions: [fb] } : {}) };
    for (const p of parseWithLibrary(wrapper)) problems.push(`${p} (in fallback at ${path}.fallback)`);
  });
  return problems;
}

export function validateCard(input) {
  let card = input;
  if (card && typeof card === 'object' && card.contentType === 'application/vnd.microsoft.card.adaptive' && card.content) {
    card = card.content; // a whole attachment was given
  }
  if (!card || typeof card !== 'object' || Array.isArray(card)) return ['check Json: card is not a JSON object'];

  const problems = [];
  const unknown = [];
  currentUnknown = unknown;
  try {
    problems.push(...parseWithLibrary(card));
    problems.push(...fallbackChecks(card));
  } catch (err) {
    problems.push(`check Exception: ${err?.stack?.split('\n')[0] ?? err}`);
  } finally {
    currentUnknown = null;
  }
  problems.push(...unknown, ...rawChecks(card));
  return problems;
}

// ---- CLI -----------------------------------------------------------------------------------
function loadInputs(arg) {
  if (arg === '-') {
    const list = JSON.parse(readFileSync(0, 'utf8'));
    if (!Array.isArray(list)) throw new Error('stdin must be a JSON array of {name, card}');
    return list.map((e, i) => ({ name: e?.name ?? `#${i}`, load: () => e?.card }));
  }
  if (!statSync(arg).isDirectory()) throw new Error(`${arg} is not a directory`);
  return readdirSync(arg)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort()
    .map((f) => ({ name: basename(f), load: () => JSON.parse(readFileSync(join(arg, f), 'utf8')) }));
}

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node validate-cards.mjs <dir> | -   (- reads a JSON array of {name, card} from stdin)');
    return 2;
  }
  let inputs;
  try {
    inputs = loadInputs(argv[0]);
  } catch (err) {
    console.error(`error: ${err.message}`);
    return 2;
  }
  let withProblems = 0;
  for (const { name, load } of inputs) {
    let problems;
    try {
      problems = validateCard(load());
    } catch (err) {
      problems = [`check Json: ${err.message}`];
    }
    if (problems.length === 0) {
      console.log(`ok ${name}`);
    } else {
      withProblems++;
      for (const p of problems) console.log(`FAIL ${name}: ${p}`);
    }
  }
  console.log(`cards: ${inputs.length} checked, ${withProblems} with problems`);
  return withProblems === 0 && inputs.length > 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('validate-cards.mjs')) {
  process.exitCode = main(process.argv.slice(2));
}
