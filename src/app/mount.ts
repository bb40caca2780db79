/** The app itself, mounted on index.html's #app: a chunk of its own, fetched while the runtime starts (src/main.ts). */
import { mount } from 'svelte'
import App from './App.svelte'

export function mountApp(target: HTMLElement): void {
  mount(App, { target })
}
