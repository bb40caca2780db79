// The gallery's job: after the last frame, its 5 slots
// show photos 99 to 103, each with its pixels.
for (let k = 0; k < 5; k++) {
  const name = 'photo' + (99 + k)
  const image = screen[k]
  if (!image || image.name !== name) {
    throw new Error(`slot ${k} shows ${image ? image.name : 'nothing'}, not ${name}`)
  }
  if (image.closed) {
    throw new Error(`slot ${k} shows ${name} with no pixels: its image was closed while still on screen`)
  }
}
return 'the last frame shows photos 99 to 103, pixels and all'
