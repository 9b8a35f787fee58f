// The architecture check (`npm test` runs it): imports follow the data flow of DESIGN.md.
// A folder of src/ imports only from folders of a lower rank (or from itself); nothing imports
// cli/; the two executors are peers that never import each other; no cycles anywhere.
/** Rank of each folder of src/, bottom up. Equal ranks may not import each other. */
const RANKS = {
  core: 0, //           errors, exit codes, durations, percents, sleep, atomic writes, safe names
  profile: 1, //        dump parsers
  config: 1, //         fleet-diag.yml
  inventory: 1, //      ansible-inventory, the one runner of Ansible's command-line tools
  plan: 2, //           hosts, batches, samples
  collect: 3, //        node-side collector, host outcomes, the Executor contract, the pass driver
  'executors/ansible': 4,
  'executors/ssh': 4,
  analysis: 4, //       groups, classes, evidence, verdicts, fleet ranking
  report: 5, //         report.json and its renderers: pure
  audit: 5,
  pipeline: 6, //       one run: read, plan, execute, store, analyze, report, audit
  diff: 6,
  alert: 6,
  gate: 7,
  watch: 8,
  cli: 9, //            commander, stdout, signals and exit codes live here only
};
const esc = (s) => s.replace(/[/.]/g, '\\$&');
const folders = Object.keys(RANKS);
const layerRules = folders.map((from) => {
  const banned = folders.filter((to) => to !== from && RANKS[to] >= RANKS[from]);
  return {
    name: `layer-${from.replace('/', '-')}`,
    comment: `src/${from}/ (rank ${RANKS[from]}) may import only lower layers: ${folders.filter((t) => RANKS[t] < RANKS[from]).join(', ') || 'none'}`,
    severity: 'error',
    from: { path: `^src/${esc(from)}/` },
    to: { path: `^src/(${banned.map(esc).join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'No import cycles, inside a folder or across folders.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-cli-imports-cli',
      comment: 'cli/ is the top: commander, stdout and exit codes. Nothing else imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'executors-are-peers',
      comment: 'The Ansible and ssh executors plug into collect/ and never import each other.',
      severity: 'error',
      from: { path: '^src/executors/([^/]+)/' },
      to: { path: '^src/executors/', pathNot: '^src/executors/$1/' },
    },
    {
      name: 'executors-behind-pipeline',
      comment: 'Only pipeline/ picks an executor; everything else speaks collect/\'s neutral types.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(pipeline|executors)/' },
      to: { path: '^src/executors/' },
    },
    {
      name: 'every-folder-ranked',
      comment: 'A new folder of src/ gets a rank in .dependency-cruiser.cjs before it is used.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: `^src/(?!(${folders.map(esc).join('|')})/)[^/]+/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)wasm/lane\\.as\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
