import { mount } from 'svelte'
import '../../../src/app/global.css'
import Harness from './Harness.svelte'

mount(Harness, { target: document.getElementById('app')! })
