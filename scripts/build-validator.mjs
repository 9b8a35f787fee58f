// Compiles schema/report.schema.json into standalone validation code (ajv's standalone mode) at
// build time: compiling the schema at run time took ~150 ms of the thread that then writes the
// report (and loading all of ajv more). The file's first line records the schema's SHA-256, so
// src/report/validate.ts uses it only for the schema it was made from and compiles otherwise.
//   node scripts/build-validator.mjs [OUT]   (default dist/report-validator.cjs)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = new URL('..', import.meta.url);
const out = process.argv[2] ?? new URL('dist/report-validator.cjs', root);
const text = readFileSync(new URL('schema/report.schema.json', root), 'utf8');
// the same options as validate.ts's run-time compile
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } });
const code = standaloneCode(ajv, ajv.compile(JSON.parse(text)));
const sha = createHash('sha256').update(text).digest('hex');
writeFileSync(out, `// schema sha256 ${sha}\n${code}\n`);
