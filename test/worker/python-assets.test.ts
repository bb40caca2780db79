/** Where the Python worker finds Pyodide's files: beside the page, under any base the site is served from. */
import { expect, test } from 'vitest'
import { PYODIDE_DIR, pyodideIndexURL } from '../../src/worker/python-assets'

test('the built site (base ./): beside the page, whatever directory the host serves it from', () => {
  expect(pyodideIndexURL('./', 'https://school.example/courses/leaklab/assets/python-worker-3f2a.js')).toBe(`https://school.example/courses/leaklab/${PYODIDE_DIR}`)
  expect(pyodideIndexURL('./', 'https://leaklab.example/assets/python-worker-3f2a.js')).toBe(`https://leaklab.example/${PYODIDE_DIR}`)
})

test('the dev server (an absolute base): under that base, wherever the worker module is', () => {
  expect(pyodideIndexURL('/', 'http://localhost:5173/src/worker/python-worker.ts?worker_file&type=module')).toBe(`http://localhost:5173/${PYODIDE_DIR}`)
  expect(pyodideIndexURL('/leaklab/', 'http://localhost:5173/leaklab/src/worker/python-worker.ts')).toBe(`http://localhost:5173/leaklab/${PYODIDE_DIR}`)
})
