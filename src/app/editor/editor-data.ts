/**
 * The editor's inputs (a run's errors, live objects by line, a line to show) turned into Monaco's
 * markers and decorations. Type-only Monaco imports: this module adds nothing to the page's first load.
 */
import type { editor as MonacoEditor, IMarkdownString } from 'monaco-editor/editor'
import type { LineCount } from '../../analysis/view-types'
import { formatBytes, formatCount } from '../../format/numbers'

/** A problem to underline: a run's error at the learner's line (and column, when the engine knows it). */
export interface EditorMarker {
  /** 1-based. */
  line: number
  /** 1-based; null or absent underlines the whole line. */
  column?: number | null
  message: string
  severity?: 'error' | 'warning' | 'info'
}

/** Monaco's MarkerSeverity values, spelled out so this module needs no runtime Monaco. */
const SEVERITY = { error: 8, warning: 4, info: 2 } as const

type Model = Pick<MonacoEditor.ITextModel, 'getLineCount' | 'getLineMaxColumn' | 'getLineFirstNonWhitespaceColumn' | 'getLineLastNonWhitespaceColumn'>

function clampLine(model: Model, line: number): number {
  return Math.min(Math.max(1, Math.floor(line)), model.getLineCount())
}

/**
 * An error with a column marks that spot (Monaco widens an empty range to the word there); without
 * one, the line's code from its first to its last non-blank character.
 */
export function toMarkerData(model: Model, markers: readonly EditorMarker[]): MonacoEditor.IMarkerData[] {
  return markers.map((marker) => {
    const line = clampLine(model, marker.line)
    const max = model.getLineMaxColumn(line)
    let start: number
    let end: number
    if (marker.column != null) {
      start = end = Math.min(Math.max(1, marker.column), max)
    } else {
      start = model.getLineFirstNonWhitespaceColumn(line) || 1
      end = model.getLineLastNonWhitespaceColumn(line) || max
    }
    return {
      severity: SEVERITY[marker.severity ?? 'error'],
      message: marker.message,
      source: 'LeakLab',
      startLineNumber: line,
      startColumn: start,
      endLineNumber: line,
      endColumn: end,
    }
  })
}

/**
 * The text shown after a line whose objects are still alive. A no-break space, so a wrapped line never
 * splits "×100" from "alive" (Monaco draws every space as one anyway, so nothing else changes).
 */
export function aliveLabel(count: number): string {
  return `×${formatCount(count)}\u00a0alive`
}

function aliveHover(entry: LineCount, when: string): IMarkdownString {
  const objects = entry.count === 1 ? 'object' : 'objects'
  return {
    value: `**${formatCount(entry.count)} ${objects}** allocated on this line ${entry.count === 1 ? 'is' : 'are'} still alive ${when}, taking ${formatBytes(entry.shallowBytes)} themselves (not counting what they reference).`,
  }
}

/**
 * "×100,000 alive" after each line's code, as injected text that the cursor skips and that is not
 * part of the program. Lines past the end (the program got shorter since the run) are left out.
 */
export function aliveDecorations(model: Model, lines: readonly LineCount[], when = 'at the end of the run'): MonacoEditor.IModelDeltaDecoration[] {
  const count = model.getLineCount()
  return lines
    .filter((entry) => entry.line >= 1 && entry.line <= count && entry.count > 0)
    .map((entry) => {
      const end = model.getLineMaxColumn(entry.line)
      return {
        range: { startLineNumber: entry.line, startColumn: end, endLineNumber: entry.line, endColumn: end },
        options: {
          after: { content: aliveLabel(entry.count), inlineClassName: 'leaklab-alive', cursorStops: 3 /* InjectedTextCursorStops.None */ },
          // The range is empty (the line's end); Monaco drops injected text of an empty range without this.
          showIfCollapsed: true,
          hoverMessage: aliveHover(entry, when),
          // Edits at the line's end stay before the label rather than pushing code after it.
          stickiness: 1 /* TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges */,
        },
      }
    })
}

/** The whole line tinted, with a bar in the gutter and a mark in the scrollbar's overview ruler. */
export function highlightDecorations(model: Model, line: number | null): MonacoEditor.IModelDeltaDecoration[] {
  if (line == null || line < 1 || line > model.getLineCount()) return []
  return [
    {
      range: { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: 1 },
      options: {
        isWholeLine: true,
        className: 'leaklab-highlight-line',
        linesDecorationsClassName: 'leaklab-highlight-gutter',
        overviewRuler: { color: { id: 'editorWarning.foreground' }, position: 4 /* OverviewRulerLane.Right */ },
      },
    },
  ]
}
