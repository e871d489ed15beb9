// Public library API: everything the CLI does is importable from here.

export * from './profile/model.js';
export * from './profile/errors.js';
export { LineParser, ProfileBuilder, ProfileParser, parseProfileBytes, parseProfileString, type BlockSink } from './profile/parser.js';
export { parseProfileStream, readProfileFile, decodedChunks } from './profile/read.js';
export { formatProfile, profileChunks, writeProfile, writeChunks } from './profile/writer.js';
export { combineCounts } from './profile/accumulator.js';
export { Merger, mergeProfiles, type MergeOptions, type OnMismatch } from './ops/merge.js';
export { firstDifference } from './ops/coherence.js';
export * from './summary/index.js';
