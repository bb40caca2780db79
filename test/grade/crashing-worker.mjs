// A stand-in grading worker for the pool's tests: it speaks grade-worker.ts's protocol, and crashes,
// exits or hangs when a job's code asks it to.
import { parentPort, threadId } from 'node:worker_threads'

parentPort.on('message', ({ id, job }) => {
  if (job.code === 'CRASH') throw new Error('boom from the test worker')
  if (job.code === 'EXIT') process.exit(7)
  if (job.code === 'HANG') return
  parentPort.postMessage({ id, answer: { kind: 'ran', pass: true, error: null, checks: [{ kind: 'ok', pass: true, measured: `ran ${job.code}`, explains: `thread ${threadId}` }] } })
})
parentPort.postMessage({ ready: true })
