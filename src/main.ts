// First: the engine worker starts loading and compiling the engine while the rest of the page is built.
import './worker/prestart'
import { mount } from 'svelte'
import App from './app/App.svelte'
import './app/global.css'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element to mount LeakLab in')

export default mount(App, { target })
