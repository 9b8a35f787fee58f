// Parses patterns/known.yaml into JSON at build time: loading the yaml package and parsing the
// file took ~50 ms of the analysis thread at every run that analyzes a host. The file records
// the YAML's SHA-256, so src/analysis/patterns.ts uses it only for the text it was made from and
// parses the YAML otherwise (an edited known.yaml without a rebuild).
//   node scripts/build-patterns.mjs [OUT]   (default dist/known-patterns.json)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url);
const out = process.argv[2] ?? new URL('dist/known-patterns.json', root);
const text = readFileSync(new URL('patterns/known.yaml', root), 'utf8');
const doc = parse(text);
// plain data only (strings, numbers, lists, maps): what JSON keeps is what the YAML said
if (JSON.stringify(JSON.parse(JSON.stringify(doc))) !== JSON.stringify(doc)) throw new Error('known.yaml: not plain data');
writeFileSync(out, `${JSON.stringify({ sha256: createHash('sha256').update(text).digest('hex'), doc })}\n`);
