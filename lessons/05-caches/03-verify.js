// The app's job: ask the slow service as little as it
// can, and locate every address right. The ten depots
// are on every route: asked for once, then cached. The
// 1,000 customers are asked for once each: 1,010.
const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const needed = 10 + 100 * 10
if (lookups > needed) {
  throw new Error(`the service was asked ${n(lookups)} questions, for ${n(needed)}: the depots, used on every route, must stay cached, and only positions nobody uses lately should go`)
}
if (lookups < needed) {
  throw new Error(`the service was asked only ${n(lookups)} questions, for ${n(needed)} addresses: some addresses got another one's position`)
}
for (const address of ['Depot 3', '999 Market Street', '1 Rue Neuve']) {
  const found = locate(address)
  if (!found || found.address !== address) {
    throw new Error(`locate("${address}") gave the position of ${found ? `"${found.address}"` : 'nothing'}`)
  }
}
return `the service was asked ${n(needed)} questions: once for each depot, once for each customer`
