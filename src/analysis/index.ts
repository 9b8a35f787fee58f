// Public API of the analysis stage: profiles in, groups, classes, evidence and verdicts out.
export type {
  AnalysisOptions, FoldedGroups, FoldedSite, GoroutineClass, Group, HostAnalysis, Sample, Suspect, Verdict,
} from './types.js';
export { foldedWarning } from './fold.js';
export { analyzeHost } from './analyze-host.js';
export { rankSuspects } from './fleet.js';
export { classify } from './classify.js';
export { locate, type Location } from './location.js';
export { signatureOf, groupId } from './signature.js';
export { groupProfiles, type MergedGroup, type SiteStats } from './group.js';
export { assessGrowth, slopePerMinute, type Growth } from './growth.js';
export {
  builtinPatterns, compilePatterns, loadPatternFile, matchPattern, PatternError, type KnownPattern,
} from './patterns.js';
export { atOrAbove, verdictOf, worst } from './verdict.js';
export { DEFAULTS } from './options.js';
export { displayFile, normalizeFunc } from './normalize.js';
export { judgePast, type HostPast, type SitePast, type PastJudgement } from './past.js';
