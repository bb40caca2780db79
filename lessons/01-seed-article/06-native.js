// A native image library: the pixels live outside the
// JavaScript heap, in memory the library manages.
function makeThumbnail(i) {
  const thumb = imageLib.decode('photo' + i, 256, 256)
  return thumb
}

function step(i) {
  const thumb = makeThumbnail(i)
  // ... the thumbnail is drawn, then forgotten ...
}
