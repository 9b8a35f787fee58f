#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/bundle/ (npm run build).
import('../dist/bundle/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && /dist\/bundle\/main\.js/.test(String(err.message))) {
    process.stderr.write('fleet-diag: not built yet; run `npm run build` first\n');
    process.exit(3);
  }
  throw err;
});
