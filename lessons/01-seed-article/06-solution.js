// A native image library: the pixels live outside the
// JavaScript heap, in memory the library manages.
let drawn = 0 // thumbnails drawn on the page

function makeThumbnail(i) {
  const thumb = imageLib.decode('photo' + i, 256, 256)
  return thumb
}

function draw(thumb) {
  // A closed image has no pixels left to draw.
  if (!thumb.closed) drawn++
}

function step(i) {
  const thumb = makeThumbnail(i)
  draw(thumb)
  // Drawn: now its pixels can go.
  thumb.close()
}
