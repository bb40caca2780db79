// A store notifies its views of every change. Each
// step opens a view of the cart, then closes it.
class Store {
  #listeners = new Set()
  subscribe(fn) {
    this.#listeners.add(fn)
  }
  unsubscribe(fn) {
    this.#listeners.delete(fn)
  }
  set(state) {
    this.state = state
    for (const fn of this.#listeners) fn(state)
  }
}

class Line {
  constructor(k) {
    this.text = 'item ' + k
  }
}

class CartView {
  // A class field: one arrow per view, kept, so that
  // close() can hand the very same function back.
  onChange = (state) => this.render(state)
  constructor(store) {
    this.store = store
    this.lines = []
    for (let k = 0; k < 20; k++) {
      this.lines.push(new Line(k))
    }
    store.subscribe(this.onChange)
  }
  render(state) {
    this.total = state.total
  }
  close() {
    this.store.unsubscribe(this.onChange)
  }
}

const store = new Store()

function step(i) {
  const view = new CartView(store)
  store.set({ total: i })
  view.close()
}
