// The program's job: each step's thumbnail is drawn,
// with its pixels. 100 steps, a thumbnail each.
const thumbnails = 100
if (drawn < thumbnails) {
  throw new Error(`only ${drawn} of the ${thumbnails} thumbnails were drawn: an image closed before draw() has no pixels left to draw`)
}
return `all ${thumbnails} thumbnails were drawn`
