/**
 * The heap inspector's analysis layer: pure functions over a `HeapSnapshot` (src/heap/snapshot.ts),
 * no engine and no DOM.
 */
export { analyzeSnapshot, groupPath, groupsBy, pathTo, type HeapAnalysis } from './analyze'
export { compareGroups, compareSnapshots, type GroupDiff } from './compare'
export { dominates, dominators, type Dominators } from './dominators'
export { buildGraph, ROOT, type HeapGraph } from './graph'
export {
  countGroups,
  groupKeyId,
  groupKeyOf,
  groupObjects,
  isGroupable,
  NO_SITE,
  parseGroupKeyId,
  sampleGroups,
  type GroupBy,
  type GroupCount,
  type GroupSample,
  type HeapGroup,
} from './groups'
export { pathPattern, renderPath, renderStep, renderSteps } from './notation'
export {
  breadthFirst,
  isDetour,
  retainerPath,
  shortestPaths,
  type RetainerPath,
  type ShortestPaths,
} from './paths'
export {
  clusterSuspects,
  countTrend,
  findLeakSuspects,
  isGrowing,
  type CountTrend,
  type LeakReport,
  type LeakSuspect,
  type LeakSuspectOptions,
  type SuspectCluster,
} from './suspects'
export { summarizeHeap, type GroupSummary, type HeapSummary, type IgnoredSummary, type SuspectSummary } from './heap-summary'
export { emptyHeapView, heapView } from './heap-view'
export { toRunView, type RunViewContext } from './run-view'
export { GRAPH_LIMITS, graphView } from './graph-view'
export { coverageShortfall, MIN_NAMED_EDGES } from './coverage'
export { stillHeldBy, survivors, whatIf, type FreedGroup, type WhatIf } from './what-if'
export { findReference, ReferenceNotFoundError } from './reference-path'
