#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/bundle/ (npm run build); npm packages load from node_modules.
import('../dist/bundle/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    const message = String(err.message).split('\n')[0];
    process.stderr.write(
      /^Cannot find package/.test(message)
        ? `fleet-diag: a dependency is missing (${message}); run \`npm ci\`\n`
        : 'fleet-diag: not built yet; run `npm run build` first\n',
    );
    process.exit(3);
  }
  throw err;
});
