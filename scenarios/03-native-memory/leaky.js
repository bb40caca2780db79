// A photo gallery scrolls through thumbnails. Each is
// decoded by imageLib: its pixels live outside the
// JS heap until the image's close() is called.
const VISIBLE = 5

// Decoded thumbnails by photo name, so photos still
// in view are not decoded again at every frame.
const thumbs = new Map()

function thumbnail(name) {
  let image = thumbs.get(name)
  if (!image) {
    image = imageLib.decode(name, 256, 256)
    // Kept for good: 256 KiB of pixels per photo
    // ever shown, and nothing ever closes them.
    thumbs.set(name, image)
  }
  return image
}

// The gallery's slots: each shows its image's pixels
// until another image is drawn there.
const screen = []

function draw(image, slot) {
  // ... paints image.width x image.height pixels
  screen[slot] = image
}

function step(i) {
  // Scrolled one photo further: photos i to i + 4.
  for (let k = 0; k < VISIBLE; k++) {
    draw(thumbnail('photo' + (i + k)), k)
  }
}

function teardown() {
  console.log('imageLib holds', imageLib.stats())
}
