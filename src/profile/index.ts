// The profile stage: dumps in, Profile out (see parse.ts for the design goals).
export { parseDump, parseDumpStream, parseDumpFile, type ParseOptions } from './parse.js';
export { trimRuntimeFrames } from './frames.js';
export * from './types.js';
