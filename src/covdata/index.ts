// Public API of the GOCOVERDIR (Go >= 1.20 binary coverage) reader.

export { ByteReader, corrupt } from './byteReader.js';
export { COUNTER_MAGIC, COUNTER_VERSION, CounterRecords, decodeCounterFile, isCounterFile, scanCounterFile, type CounterFile, type FuncCounters } from './counters.js';
export { decodeMetaFile, isMetaFile, META_MAGIC, META_VERSION, type Granularity, type MetaFile, type MetaFunc, type MetaPackage } from './meta.js';
export { collectPods, isMetaFileName, type Pod, type PodList } from './pods.js';
export { decodeCovDir, decodeCovDirSync, type ReadFile } from './decodeCovDir.js';
export { isCovDataDir, readCovDir, readCovDirProfile } from './readCovDir.js';
export { UnitTable } from './unitTable.js';
