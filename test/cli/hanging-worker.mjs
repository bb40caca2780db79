// The CLI's guest worker with the faults the engine cannot stop, simulated where a program's source
// asks for them: a host-level hang before runProgram (HANG_BEFORE_RUN) or inside it, right after the
// sample at step 3 (HANG_AT_SAMPLE_3), and a worker that exits (EXIT_WORKER). Anything else runs as
// in the CLI's own worker.
import { register } from 'tsx/esm/api'

register()
const { serve } = await import('../../src/cli/guest-worker.ts')
await serve({
  beforeRun(job) {
    if (job.source.includes('EXIT_WORKER')) process.exit(7)
    if (job.source.includes('HANG_BEFORE_RUN')) for (;;) {}
  },
  onSample(sample, job) {
    if (job.source.includes('HANG_AT_SAMPLE_3') && sample.step === 3) for (;;) {}
  },
})
