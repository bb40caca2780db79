/** Where the page's current run stands. `stopped` and `crashed` never get an engine result. */
export type RunStatus = 'idle' | 'running' | 'done' | 'stopped' | 'crashed'
