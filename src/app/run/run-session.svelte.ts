/**
 * The page's run lifecycle: one run at a time across languages, what it streams drawn once per frame,
 * its result, the heap it is compared with, and the reference graph asked of the runtime that holds
 * the heap. The panels read this state and never learn which language ran; Workspace owns the code.
 */
import { tick } from 'svelte'
import type { GraphQuery, GraphView, GroupBy, GroupRow, HeapView, RunView, SnapshotComparison, SuspectRow } from '../../analysis/view-types'
import type { ConsoleEntry, Sample } from '../../engine/types'
import { EngineCrashError, RunCancelledError, RunGoneError, type EngineClient } from '../../worker/engine-client'
import { RESULT_MARK } from '../marks'
import type { RunStatus } from '../run-status'
import type { Language, RunSettings } from '../state/share-link'
import { javascriptRuntime, pythonRuntime, type LoadState, type Runtimes } from './runtimes'

export interface RunRequest {
  language: Language
  code: string
  settings: RunSettings
  /** The step's verifier (a behaviour check's source), run after the program; null for none. */
  verify: string | null
}

/** A group key (groupKeyId: `[kind, name, site]` as JSON) as a sentence names it: `DataHolder (main.js:20)`. */
function groupName(key: string): string {
  try {
    const [, name, site] = JSON.parse(key) as [string, string, string | null]
    return site && site !== '(no site)' ? `${name} (${site})` : name
  } catch {
    return key
  }
}

export class RunSession {
  status = $state<RunStatus>('idle')
  // Raw: thousands of console lines need no deep reactivity, only a new array per update.
  lines = $state.raw<ConsoleEntry[]>([])
  samples = $state.raw<Sample[]>([])
  result = $state.raw<RunView | null>(null)
  /** The heap of the run before the shown one, for the heap table's comparison. */
  previousHeap = $state.raw<HeapView | null>(null)
  /** The samples of the last run before this one, for the chart's faint "previous run" line. */
  previousSamples = $state.raw<Sample[] | null>(null)
  /** A run the learner pinned: the chart compares every later run with it, instead of the previous. */
  pinned = $state.raw<{ samples: Sample[]; label: string } | null>(null)
  problem = $state<{ message: string; stack?: string } | null>(null)
  /** The code of the last run: markers and line counts are shown only while the editor still holds it. */
  ranSource = $state<string | null>(null)
  /** The run waits for its runtime (Python's interpreter) to load. */
  loadingRuntime = $state(false)
  load = $state<Record<Language, LoadState>>({ javascript: 'ready', python: 'idle' })

  // The reference graph: what is chosen, what the runtime answered.
  query = $state.raw<GraphQuery | null>(null)
  /**
   * The references the learner ignores, as a what-if (each as the path step it was ignored at, and the
   * snapshot references it stands for): every graph is asked without them until they are restored
   * or the next run.
   */
  ignored = $state.raw<{ label: string; refs: number[] }[]>([])
  graph = $state.raw<GraphView | null>(null)
  graphNote = $state<string | null>(null)
  selectedSuspect = $state<string | null>(null)
  selectedRow = $state<string | null>(null)
  highlightLine = $state<number | null>(null)

  // Time travel: a kept snapshot on show instead of the end of the run, and the compare view.
  /** The kept snapshot on show (HeapView.snapshots' index); null: the end of the run, the default. */
  shownSnapshot = $state<number | null>(null)
  /** Its view, once the runtime answered (null while it is asked, or at the end of the run). */
  snapshotHeap = $state.raw<HeapView | null>(null)
  /** Why the snapshot chosen could not be shown. */
  snapshotNote = $state<string | null>(null)
  /** The compare view: open, what it compares, the runtime's answer. */
  compareOpen = $state(false)
  compareChoice = $state.raw<{ from: number; to: number; then: number | null } | null>(null)
  snapshotDiff = $state.raw<SnapshotComparison | null>(null)
  compareNote = $state<string | null>(null)

  private readonly runtimes: Runtimes
  /** The client whose worker holds the shown result's heap: graph queries go to it. */
  private resultClient: EngineClient | null = null
  /** Each run's number: a run that is no longer the latest changes nothing. */
  private runCount = 0
  private asked = 0
  private snapshotAsked = 0
  private compareAsked = 0
  // Streamed progress is drawn once per frame: a chatty program must not re-render the page per message.
  private pendingLines: ConsoleEntry[] = []
  private pendingSamples: Sample[] = []
  private frame = 0

  constructor(runtimes?: Runtimes) {
    this.runtimes = runtimes ?? { javascript: javascriptRuntime(), python: pythonRuntime((state) => (this.load = { ...this.load, python: state })) }
  }

  /**
   * Runs a program and shows what it left. Resolves with the result, or null when the run was stopped,
   * crashed (the page says so) or replaced by a newer one.
   */
  async run(request: RunRequest): Promise<RunView | null> {
    this.clearOutput()
    this.status = 'running'
    this.ranSource = request.code
    const before = this.result
    const mine = ++this.runCount
    this.loadingRuntime = false
    try {
      const engine = await this.runtimes[request.language].client()
      if (mine !== this.runCount) return null
      this.stopOthers(request.language)
      const { steps, timeMs, snapshots } = request.settings
      const finished = await engine.run(request.code, { steps, timeMs, verify: request.verify, ...(snapshots === undefined ? {} : { snapshots }) }, {
        onLoading: () => (this.loadingRuntime = true),
        onStarted: () => (this.loadingRuntime = false),
        onConsole: (entry) => {
          this.pendingLines.push(entry)
          this.schedule()
        },
        onSample: (sample) => {
          this.pendingSamples.push(sample)
          this.schedule()
        },
      })
      if (mine !== this.runCount) return null
      this.loadingRuntime = false
      this.clearOutput()
      this.previousHeap = before?.heap ?? this.previousHeap
      this.previousSamples = before?.samples ?? this.previousSamples
      this.resultClient = engine
      this.result = finished
      this.lines = finished.console
      this.samples = finished.samples
      this.status = 'done'
      this.showFirstSuspect(finished)
      // The compare view, left open, compares the new run's snapshots.
      if (this.compareOpen) this.openCompare()
      void tick().then(() => {
        if (performance.getEntriesByName(RESULT_MARK).length === 0) performance.mark(RESULT_MARK)
      })
      return finished
    } catch (error) {
      if (mine !== this.runCount) return null
      this.loadingRuntime = false
      if (error instanceof RunCancelledError) {
        // A newer run owns the page now; a stop keeps what streamed so far.
        if (error.reason === 'superseded') return null
        this.flush()
        this.forgetRun()
        this.status = 'stopped'
        return null
      }
      this.flush()
      this.forgetRun()
      this.problem =
        error instanceof EngineCrashError
          ? { message: error.message, stack: error.hostStack }
          : { message: error instanceof Error ? error.message : String(error) }
      this.status = 'crashed'
      return null
    }
  }

  /**
   * A run whose result the page does not show (the author's fix, tried before the leaky code): the
   * status says it is running, and a stop or failure ends it as a shown run would. Null when stopped.
   */
  async runQuietly(request: RunRequest): Promise<RunView | null> {
    this.status = 'running'
    const mine = ++this.runCount
    try {
      const engine = await this.runtimes[request.language].client()
      this.stopOthers(request.language)
      const view = await engine.run(request.code, { steps: request.settings.steps, timeMs: request.settings.timeMs, verify: request.verify })
      return mine === this.runCount ? view : null
    } catch (error) {
      if (mine !== this.runCount) return null
      this.status = error instanceof RunCancelledError ? 'stopped' : 'idle'
      if (error instanceof RunCancelledError) return null
      throw error
    }
  }

  /** Ends whatever runs, in every language. */
  stop(): void {
    for (const runtime of Object.values(this.runtimes)) runtime.made?.stop()
  }

  /** Starts loading a language's runtime now (the learner chose it), so the first Run finds it ready. */
  prepare(language: Language): void {
    this.runtimes[language].prepare()
  }

  /** Another program (another language) is in the editor: what ran before is gone from every panel. */
  reset(): void {
    // The run in progress, if any, ends, and changes nothing on its way out.
    this.runCount++
    this.stop()
    this.loadingRuntime = false
    this.ranSource = null
    this.clearOutput()
    this.forgetRun()
    this.previousHeap = null
    this.previousSamples = null
    this.pinned = null
    this.status = 'idle'
  }

  /**
   * The heap on show: the kept snapshot chosen on the chart, else the end of the run. While a chosen
   * snapshot is being fetched, the end of the run stays on show.
   */
  get heap(): HeapView | null {
    if (this.shownSnapshot !== null && this.snapshotHeap) return this.snapshotHeap
    return this.result?.heap ?? null
  }

  /**
   * Shows kept snapshot `index` (a mark of the chart) in the heap table, the groups, the gutter and the
   * graph; null goes back to the end of the run. References ignored in another snapshot are restored:
   * they were that snapshot's.
   */
  async showSnapshot(index: number | null): Promise<void> {
    const view = this.result
    const client = this.resultClient
    if (!view?.heap || !client) return
    const end = view.heap.shown
    const next = index === end ? null : index
    const mine = ++this.snapshotAsked
    this.snapshotNote = null
    this.ignored = []
    if (next === null) {
      this.shownSnapshot = null
      this.snapshotHeap = null
      this.redrawAt()
      return
    }
    this.shownSnapshot = next
    this.snapshotHeap = null
    try {
      const heap = await client.snapshotView(view.runId, next)
      if (mine !== this.snapshotAsked) return
      this.snapshotHeap = heap
      this.redrawAt()
    } catch (error) {
      if (mine !== this.snapshotAsked) return
      this.shownSnapshot = null
      this.snapshotNote = this.questionFailed(error, 'The snapshot could not be shown')
    }
  }

  /** Opens the compare view, on the first and the last snapshot the run kept (or what was compared last). */
  openCompare(): void {
    const marks = this.result?.heap?.snapshots ?? []
    this.compareOpen = true
    const choice = this.compareChoice
    if (choice && [choice.from, choice.to, choice.then].every((i) => i === null || i < marks.length)) return void this.compare(choice)
    if (marks.length >= 2) void this.compare({ from: 0, to: marks.length - 1, then: null })
  }

  closeCompare(): void {
    this.compareOpen = false
  }

  /** Compares kept snapshots A and B (and with C, what was allocated between them and is still alive at C). */
  async compare(choice: { from: number; to: number; then: number | null }): Promise<void> {
    const view = this.result
    const client = this.resultClient
    this.compareChoice = choice
    if (!view || !client) return
    const mine = ++this.compareAsked
    this.compareNote = null
    try {
      const diff = await client.compare(view.runId, choice.from, choice.to, choice.then, 'line')
      if (mine === this.compareAsked) this.snapshotDiff = diff
    } catch (error) {
      if (mine !== this.compareAsked) return
      this.snapshotDiff = null
      this.compareNote = this.questionFailed(error, 'The snapshots could not be compared')
    }
  }

  /** A group of the comparison: its graph, and the heap, at the snapshot its path was read at (C, else B). */
  async chooseCompared(key: string): Promise<void> {
    const diff = this.snapshotDiff
    if (!diff) return
    await this.showSnapshot((diff.then ?? diff.to).index)
    this.selectedRow = key
    this.selectedSuspect = null
    void this.ask({ target: { group: key, by: 'line' }, expand: [] })
  }

  /** The graph asked again at the snapshot now on show: a group stays chosen; one object of another snapshot does not. */
  private redrawAt(): void {
    const query = this.query
    if (!query) return
    const target = 'group' in query.target ? query.target : this.selectedRow ? { group: this.selectedRow, by: 'line' as const } : this.selectedSuspect ? { group: this.selectedSuspect, by: 'line' as const } : null
    if (!target) return
    const heap = this.heap
    const rows = heap ? (target.by === 'line' ? heap.byLine : heap.byConstructor) : []
    if (heap && !rows.some((r) => r.key === target.group)) {
      // Not an error: the group had no object alive then (made later, or freed by then).
      this.query = { target, expand: [] }
      this.graph = null
      const at = this.shownSnapshot === null ? 'the end of the run' : (heap.snapshots[this.shownSnapshot]?.name ?? 'this snapshot')
      this.graphNote = `No ${groupName(target.group)} was alive at ${at}: choose another snapshot, or another group.`
      return
    }
    void this.ask({ target, expand: [] })
  }

  private questionFailed(error: unknown, what: string): string {
    return error instanceof RunGoneError
      ? 'This run’s heap is no longer held by the engine: run the program again to explore it.'
      : `${what}: ${error instanceof Error ? error.message : String(error)}`
  }

  /** What the chart draws the run against: the pinned run, else the run before. */
  get comparison(): { samples: Sample[]; label: string } | null {
    if (this.pinned) return this.pinned
    return this.previousSamples ? { samples: this.previousSamples, label: 'previous run' } : null
  }

  /** Keep the run on show as the one later runs are drawn against ("Pin as the baseline"); again to let go. */
  togglePin(): void {
    if (this.pinned) this.pinned = null
    else if (this.result) this.pinned = { samples: this.result.samples, label: 'baseline' }
  }

  dispose(): void {
    cancelAnimationFrame(this.frame)
    for (const runtime of Object.values(this.runtimes)) runtime.dispose()
  }

  chooseSuspect(suspect: SuspectRow, reveal = true): void {
    this.selectedSuspect = suspect.key
    this.selectedRow = null
    if (reveal) this.highlightLine = suspect.line
    void this.ask({ target: { group: suspect.key, by: 'line' }, expand: [] })
  }

  chooseRow(row: GroupRow, by: GroupBy): void {
    this.selectedRow = row.key
    this.selectedSuspect = null
    this.highlightLine = row.line
    void this.ask({ target: { group: row.key, by }, expand: [] })
  }

  expand(id: string): void {
    if (this.query) void this.ask({ ...this.query, expand: [...this.query.expand, id] })
  }

  /** What if the references `refs` (a step of the path: `label`) were gone? The graph is asked again without them. */
  ignore(label: string, refs: number[]): void {
    if (refs.length === 0) return
    this.ignored = [...this.ignored, { label, refs }]
    if (this.query) void this.ask({ ...this.query, expand: [] })
  }

  /** Puts back the ignored reference at `index`, or all of them. */
  restore(index: number | 'all'): void {
    this.ignored = index === 'all' ? [] : this.ignored.filter((_, i) => i !== index)
    if (this.query) void this.ask({ ...this.query, expand: [] })
  }

  focus(node: number): void {
    void this.ask({ target: { node }, expand: [] })
  }

  private async ask(next: GraphQuery): Promise<void> {
    const view = this.result
    const client = this.resultClient
    if (!view || !client) return
    this.query = next
    const mine = ++this.asked
    const ignore = this.ignored.flatMap((i) => i.refs)
    const at = this.shownSnapshot
    try {
      const asked: GraphQuery = { ...next, ...(ignore.length ? { ignore } : {}), ...(at !== null ? { snapshot: at } : {}) }
      const answer = await client.graph(view.runId, asked)
      if (mine === this.asked) {
        this.graph = answer
        this.graphNote = null
      }
    } catch (error) {
      if (mine !== this.asked) return
      this.graph = null
      this.graphNote = this.questionFailed(error, at === null ? 'The graph could not be drawn' : `The graph could not be drawn at ${this.heap?.snapshots[at]?.name ?? 'that snapshot'}`)
    }
  }

  /**
   * The heap of the run on show as a Chrome `.heapsnapshot` file (what `leaklab snapshot` writes), for
   * DevTools' Memory panel or memlab. Rejects with a sentence the page can show.
   */
  async heapSnapshotFile(): Promise<{ name: string; bytes: Uint8Array }> {
    const view = this.result
    const client = this.resultClient
    if (!view?.heap || !client || (view.heap.nodeCount === 0 && this.shownSnapshot === null)) throw new Error('This run’s heap was not walked, so there is no snapshot to save.')
    const at = this.shownSnapshot
    const mark = at === null ? null : view.heap.snapshots[at]
    const name = mark ? `leaklab-${mark.label ? mark.label.replace(/[^\w.-]+/g, '-') : `step-${mark.step}`}.heapsnapshot` : `leaklab-step-${view.steps}.heapsnapshot`
    try {
      return { name, bytes: await client.heapSnapshot(view.runId, at ?? undefined) }
    } catch (error) {
      throw new Error(
        error instanceof RunGoneError
          ? 'This run’s heap is no longer held by the engine: run the program again to save it.'
          : `The snapshot could not be written: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }

  /** One run at a time across languages: the other runtimes' runs, if any, end now. */
  private stopOthers(language: Language): void {
    for (const [other, runtime] of Object.entries(this.runtimes)) if (other !== language) runtime.made?.stop()
  }

  /** After a run, the graph answers "why is this alive?" for the top suspect at once; with none, it is cleared. */
  private showFirstSuspect(view: RunView): void {
    const top = view.heap?.suspects[0]
    this.forgetTimeTravel()
    this.ignored = []
    this.graph = null
    this.graphNote = null
    if (top) this.chooseSuspect(top, false)
    else {
      this.query = null
      this.selectedSuspect = null
      this.selectedRow = null
      this.highlightLine = null
    }
  }

  /**
   * A run that ended without a result (stopped, crashed) leaves no heap: the panels must not go on
   * showing the run before it as if it were this one. Its heap stays the next run's comparison.
   */
  private forgetRun(): void {
    this.previousHeap = this.result?.heap ?? this.previousHeap
    this.previousSamples = this.result?.samples ?? this.previousSamples
    this.result = null
    this.resultClient = null
    this.forgetTimeTravel()
    this.ignored = []
    this.graph = null
    this.graphNote = null
    this.query = null
    this.selectedSuspect = null
    this.selectedRow = null
    this.highlightLine = null
  }

  /** A new run (or none): its snapshots are not the last run's; the compare view stays open on the same choice. */
  private forgetTimeTravel(): void {
    this.snapshotAsked++
    this.compareAsked++
    this.shownSnapshot = null
    this.snapshotHeap = null
    this.snapshotNote = null
    this.snapshotDiff = null
    this.compareNote = null
  }

  private flush(): void {
    this.frame = 0
    if (this.pendingLines.length) this.lines = [...this.lines, ...this.pendingLines]
    if (this.pendingSamples.length) this.samples = [...this.samples, ...this.pendingSamples]
    this.pendingLines = []
    this.pendingSamples = []
  }

  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => this.flush())
  }

  private clearOutput(): void {
    cancelAnimationFrame(this.frame)
    this.frame = 0
    this.pendingLines = []
    this.pendingSamples = []
    this.lines = []
    this.samples = []
    this.problem = null
  }
}
