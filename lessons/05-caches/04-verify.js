// The gallery's job: a picture still on screen is
// reused, not made again, and every picture asked for
// is the right one. The last scroll shows 990 to 999.
for (let k = 0; k < 10; k++) {
  const url = '/photo/' + (990 + k)
  const shown = onScreen[k]
  if (!shown || shown.url !== url) {
    throw new Error(`the screen should show ${url} in place ${k}, but it shows ${shown ? shown.url : 'nothing'}`)
  }
  if (thumbnail(url) !== shown) {
    throw new Error(`thumbnail("${url}") made that picture again, though it is on screen: the cache must still find the thumbnails that are alive`)
  }
}
const other = thumbnail('/photo/12345')
if (!other || other.url !== '/photo/12345') {
  throw new Error('thumbnail("/photo/12345") did not give that picture')
}
return 'every picture on screen is reused from the cache, not made again'
