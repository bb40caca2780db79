/**
 * Performance marks the page sets, which `npm run bench` reads in Chromium: the editor and engine are
 * ready (the learner can run), and the first run's result is on screen.
 */
export const READY_MARK = 'leaklab:ready'
export const RESULT_MARK = 'leaklab:result'
