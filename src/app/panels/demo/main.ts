// The panel demo's entry (panels-demo.html, served by `npm run dev` only: not in the build's input).
import { mount } from 'svelte'
import '../../global.css'
import Demo from './Demo.svelte'

const target = document.getElementById('app')
if (!target) throw new Error('panels-demo.html has no #app element')

export default mount(Demo, { target })
