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
  constructor(store) {
    this.store = store
    this.lines = []
    for (let k = 0; k < 20; k++) {
      this.lines.push(new Line(k))
    }
    // An arrow, so that `this` is the view inside it.
    store.subscribe((state) => this.render(state))
  }
  render(state) {
    this.total = state.total
  }
  close() {
    // Hides the view, but it is still subscribed.
  }
}

const store = new Store()

function step(i) {
  const view = new CartView(store)
  store.set({ total: i })
  view.close()
}
