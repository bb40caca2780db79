// The views' job: an open cart view shows the total
// after every change to the store, and a closed one is
// left alone. Open one, change the total twice, close
// it, change it again.
const view = new CartView(store)
for (const total of [41, 42]) {
  store.set({ total })
  if (view.total !== total) {
    throw new Error(`an open view should show the cart's total, ${total}, but it shows ${view.total}: it must stay subscribed as long as it is open`)
  }
}
view.close()
store.set({ total: 43 })
if (view.total !== 42) {
  throw new Error('a closed view still renders the store\'s changes: close() must unsubscribe it')
}
return 'an open view shows every change of the total, and a closed one is left alone'
