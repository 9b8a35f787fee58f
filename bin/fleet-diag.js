#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (npm run build).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('fleet-diag: not built yet; run `npm run build` first\n');
    process.exit(3);
  }
  throw err;
});
