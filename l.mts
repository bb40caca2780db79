import { runProgram } from './src/engine/run.ts'
const source = `
      class DataHolder {
        constructor(data) { this.data = data }
      }
      const leakList = []
      function step(i) {
        if (i === 0) for (let k = 0; k < 100000; k++) leakList.push(new DataHolder(k))
        else leakList.length = 0
      }`
for (const inspect of [false, true]) {
const t = performance.now()
const r = await runProgram(source, { steps: 2, sampleEvery: 1, inspect })
console.log(inspect, (performance.now() - t).toFixed(0), r.ok, r.error?.message, r.heap?.error, r.samples.map(s => s.objects), r.heap?.growth.map(g => [g.step, g.groups[0]?.name, g.groups[0]?.count]), r.wasmMemory)
}
