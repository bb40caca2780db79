/**
 * Which of the analysis panels an embedded exercise shows (`&embed`): those where what its checks
 * measure can be seen, and where the learner finds why. The verdict (the guide's checkpoint), the
 * Result panel and the Console are always shown, so a check read from them adds nothing here.
 */
import type { Check, CheckKind } from '../../content/check-schema'

/** The panels an embed may leave out, in the page's order. */
export type EmbedPanel = 'suspects' | 'counts' | 'graph' | 'heap'

export const EMBED_PANELS: readonly EmbedPanel[] = ['suspects', 'counts', 'graph', 'heap']

/**
 * What each check kind reads (content/checks.ts), and so which panels show it.
 * - `no-suspects`, `suspect`, `growth` read the heap's leak suspects (`heap.suspects`, their growth
 *   per step): the Leak suspects panel lists them with that figure; choosing one draws its retainer
 *   path in the Reference graph, which is how the learner finds what to change.
 * - `objects-growth` reads the slope of the samples' object counts: the line the Object counts chart draws.
 * - `live` counts a group's instances in the final heap by constructor (`heap.byConstructor`): the
 *   Heap snapshot table by constructor shows that count; choosing its row draws in the Reference
 *   graph what keeps them alive (and "Ignore this reference" asks what would free them).
 * - `ok`, `native-bytes` and `pending-timers` read the run's error, its native memory and its timers:
 *   the Result panel's Outcome, Native memory and Timers rows, always shown.
 * - `console` reads the printed lines, and `gc-collected` what `gc.collect()` returned, which the
 *   page shows only where the program prints it: the Console, always shown.
 * - `behaviour` runs a verifier the learner does not see: its verdict is the checkpoint's words.
 */
const PANELS_BY_KIND: Record<CheckKind, readonly EmbedPanel[]> = {
  'no-suspects': ['suspects', 'graph'],
  suspect: ['suspects', 'graph'],
  growth: ['suspects', 'graph'],
  'objects-growth': ['counts'],
  live: ['heap', 'graph'],
  ok: [],
  'native-bytes': [],
  'pending-timers': [],
  console: [],
  'gc-collected': [],
  behaviour: [],
}

/**
 * A program that takes snapshots of its own (`leaklab.snapshot(…)`) is meant to be read on them: the
 * snapshots are chosen under the Object counts chart, and compared from there (lesson 8 teaches it).
 */
const TAKES_SNAPSHOTS = /\bleaklab\.snapshot\s*\(/

/**
 * A step's text that sends the learner to a panel by name ("The *Object counts* chart climbs…",
 * "the graph shows…") must find it there, whatever its checks read.
 */
const NAMED_IN_TEXT: Record<EmbedPanel, RegExp> = {
  suspects: /\bleak suspects\b/i,
  counts: /\bobject counts\b|\bthe chart\b|\bcompare\b/i,
  graph: /\breference graph\b|\bthe graph\b/i,
  heap: /\bheap snapshot\b(?! file)/i,
}

/**
 * The panels to show for a step, in the page's order: those its checks are read from (null: a step
 * without a checkpoint), those its text names, and the chart when its code takes snapshots.
 */
export function embedPanels(checks: readonly Pick<Check, 'kind'>[] | null, code = '', text = ''): Set<EmbedPanel> {
  const wanted = new Set<EmbedPanel>()
  for (const check of checks ?? []) for (const panel of PANELS_BY_KIND[check.kind]) wanted.add(panel)
  if (TAKES_SNAPSHOTS.test(code)) wanted.add('counts')
  for (const panel of EMBED_PANELS) if (NAMED_IN_TEXT[panel].test(text)) wanted.add(panel)
  return new Set(EMBED_PANELS.filter((panel) => wanted.has(panel)))
}
