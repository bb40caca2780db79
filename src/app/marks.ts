/**
 * Performance marks the page sets, which `npm run bench` reads in Chromium: the editor and engine are
 * ready (the learner can run), and the first run's result is on screen. The browser tests read a third:
 * when TypeScript's worker was let load, and why.
 */
export const READY_MARK = 'leaklab:ready'
export const RESULT_MARK = 'leaklab:result'
/** Set once TypeScript's worker may load; its detail is why: 'editor' (pointer or focus) or 'idle'. */
export const LANGUAGE_SERVICE_MARK = 'leaklab:language-service'
