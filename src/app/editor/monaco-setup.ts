/**
 * Monaco, reduced to a JavaScript and Python playground: the editor core, the editing features a
 * learner uses, the JavaScript and Python grammars (Python's colouring only, loaded when a model
 * first uses it), and TypeScript's language service for JavaScript completion and hover.
 * Importing `monaco-editor` itself would bring every language, three more language services and
 * their workers. Loaded lazily by CodeEditor.svelte, so the page draws before the editor's code arrives.
 * vite.config.ts trims the rest: the features TypeScript's support would import on its own, and the
 * DOM's declarations in its worker.
 */
// monaco-editor 0.56+ exports './*' as esm/vs/*: this is esm/vs/editor.js, the API without features
// (the older path monaco-editor/esm/vs/editor/editor.api no longer resolves).
import * as monaco from 'monaco-editor/editor'
// Editing features, each registered by importing it (monaco-editor 0.56+ entry points).
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/comment/register'
import 'monaco-editor/features/contextmenu/register'
import 'monaco-editor/features/cursorUndo/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/gotoError/register'
import 'monaco-editor/features/hover/register'
import 'monaco-editor/features/indentation/register'
import 'monaco-editor/features/linesOperations/register'
import 'monaco-editor/features/multicursor/register'
import 'monaco-editor/features/parameterHints/register'
import 'monaco-editor/features/snippet/register'
import 'monaco-editor/features/suggest/register'
// features/suggest/register brings only inline suggestions, not the completion list itself
// (monaco-editor 0.56-0.57; its own full build imports the controller directly).
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'
import 'monaco-editor/features/toggleTabFocusMode/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/wordOperations/register'
import 'monaco-editor/languages/definitions/javascript/register'
import 'monaco-editor/languages/definitions/python/register'
import { javascriptDefaults, ScriptTarget } from 'monaco-editor/languages/features/typescript/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker'
import { GUEST_LIBS, GUEST_TYPES, GUEST_TYPES_PATH } from './guest-types'
import { LANGUAGE_SERVICE_MARK } from '../marks'

// TypeScript's worker is the largest file of the page (about 1.1 MB gzipped). Only completion, hovers
// and as-you-type syntax errors need it, so it is fetched once the learner reaches for the editor (or
// the page has been idle a while), not while the first run competes with it for the network and CPUs.
// Monaco accepts a promised worker; its requests simply wait.
let startLanguageService: (reason: 'editor' | 'idle') => void = () => {}
const languageServiceWanted = new Promise<void>((resolve) => {
  startLanguageService = (reason) => {
    startLanguageService = () => {}
    performance.mark(LANGUAGE_SERVICE_MARK, { detail: reason })
    resolve()
  }
})
const IDLE_START_MS = 4000

/** Let TypeScript's worker load now: the learner is about to use the editor. Idempotent. */
export function wantLanguageService(): void {
  startLanguageService('editor')
}

// Two workers only: the editor's own (Monaco's computations off the page's thread) and TypeScript's.
self.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker | Promise<Worker> {
    if (label !== 'javascript' && label !== 'typescript') return new EditorWorker()
    setTimeout(() => startLanguageService('idle'), IDLE_START_MS)
    return languageServiceWanted.then(() => new TsWorker())
  },
}

javascriptDefaults.setCompilerOptions({
  allowJs: true,
  allowNonTsExtensions: true,
  target: ScriptTarget.ESNext,
  // The sandbox's globals only: no DOM, so `document` and `fetch` are not offered.
  lib: GUEST_LIBS,
})
javascriptDefaults.setDiagnosticsOptions({
  // Syntax errors are underlined as the learner types; type errors in plain JavaScript would only confuse.
  noSemanticValidation: true,
  noSyntaxValidation: false,
  // Hints such as "this may be converted to an ES module" are noise in a playground.
  noSuggestionDiagnostics: true,
})
javascriptDefaults.addExtraLib(GUEST_TYPES, GUEST_TYPES_PATH)

export { monaco }
