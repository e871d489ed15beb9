// Public API of input loading: what the CLI does with its input arguments
// (classify them, load one, merge many), as library functions.

export { classifyInputs, type ClassifyOptions, type Input } from './classify.js';
export { loadProfile, readProfileFile, type LoadOptions } from './load.js';
export { foldInputs, mergeInputs, type FoldInputsOptions, type MergeInputsOptions } from './merge.js';
