/**
 * The guest's `imageLib`: a "native" image library, the seed article's third cause of leaks (a C
 * extension's memory, which Python's tracemalloc cannot see) carried over to JavaScript, where
 * `ImageBitmap.close()`, `VideoFrame.close()`, WebGL textures and wasm-backed objects are the same
 * thing: a small JS handle owns a large buffer outside the JS heap that must be freed explicitly.
 * Plain JS evaluated inside QuickJS after sites.ts (it uses primordials and `inspect`).
 *
 * `imageLib.decode(name, width, height)` asks the host for width * height * 4 bytes
 * (src/engine/native-heap.ts) and returns a `NativeImage` handle; `close()` gives them back. The host
 * keeps the bytes' account, so they are not in QuickJS's heap: the run reports them as `native`
 * bytes and each sample's `nativeBytes`, the heap inspector counts only the small handle, and the
 * guest's tracemalloc never sees them.
 *
 * A handle garbage-collected without close() leaves its bytes allocated until the run ends: the
 * library does not know its handle died, as a C library does not know its Python wrapper died. That
 * is the leak this teaches (browsers free an ImageBitmap's memory at some later GC; native code the
 * program calls into usually never does).
 *
 * A handle's link to its host block is a number in a WeakMap only these closures reach: no property,
 * symbol or prototype member shows it, and the host functions stay private to the prelude.
 */
export const NATIVE_IMAGES_SOURCE = String.raw`
const IMAGE_MAX_SIDE = 16384
const IMAGE_MIB = 1048576
const imageNumberIsInteger = Number.isInteger
// A handle to its host block's id while open, 0 once closed: a number, so nothing is kept alive.
const nativeImageBlocks = new WeakMap()

function imageBlockOf(image) {
  if (!isObjectLike(image) || !WeakMapPrototypeHas(nativeImageBlocks, image)) {
    throw new TypeError('Value of "this" must be of type NativeImage')
  }
  return WeakMapPrototypeGet(nativeImageBlocks, image)
}

function checkImageSide(name, value) {
  if (typeof value !== 'number') {
    throw new TypeError('The "' + name + '" argument must be of type number. Received ' + inspect(value))
  }
  if (!imageNumberIsInteger(value) || value < 1 || value > IMAGE_MAX_SIDE) {
    throw new RangeError('The value of "' + name + '" is out of range. It must be an integer >= 1 && <= ' + IMAGE_MAX_SIDE + '. Received ' + inspect(value))
  }
}

/** '64', '12.5', '0': MiB as the run's own memory error states its budget. */
function imageMiB(bytes) {
  const text = NumberPrototypeToFixed(bytes / IMAGE_MIB, 1)
  return StringPrototypeEndsWith(text, '.0') ? StringPrototypeSlice(text, 0, -2) : text
}

class NativeImage {
  constructor() {
    throw new TypeError('Illegal constructor')
  }
  get byteLength() {
    return imageBlockOf(this) === 0 ? 0 : this.width * this.height * 4
  }
  get closed() {
    return imageBlockOf(this) === 0
  }
  close() {
    const id = imageBlockOf(this)
    if (id === 0) return
    WeakMapPrototypeSet(nativeImageBlocks, this, 0)
    host.nativeFree(id)
  }
}
const NativeImagePrototype = NativeImage.prototype

function readOnly(target, name, value) {
  defineValue(target, name, value, false, true, false)
}

const imageLibApi = {
  decode(name, width, height) {
    if (typeof name !== 'string') {
      throw new TypeError('The "name" argument must be of type string. Received ' + inspect(name))
    }
    checkImageSide('width', width)
    checkImageSide('height', height)
    // The handle first: were the JS heap full, no native block would be left without one.
    const image = ObjectCreate(NativeImagePrototype)
    readOnly(image, 'name', name)
    readOnly(image, 'width', width)
    readOnly(image, 'height', height)
    const bytes = width * height * 4
    const id = host.nativeAlloc(bytes)
    if (id <= 0) {
      // [live blocks, live bytes, budget in bytes, most blocks live]
      const stats = host.nativeStats()
      throw new RangeError(id === 0
        ? 'imageLib: out of native memory (' + imageMiB(stats[1]) + ' MiB in use, budget ' + imageMiB(stats[2]) + ' MiB; ' +
          inspect(name) + ' needs ' + imageMiB(bytes) + ' MiB)'
        : 'imageLib: too many images open (' + stats[0] + ', the library\'s limit)')
    }
    WeakMapPrototypeSet(nativeImageBlocks, image, id)
    return image
  },
  stats() {
    const stats = host.nativeStats()
    return { images: stats[0], bytes: stats[1] }
  },
}

const imageLib = {}
defineValue(imageLib, 'decode', imageLibApi.decode, true, true, true)
defineValue(imageLib, 'stats', imageLibApi.stats, true, true, true)
// Made with the prelude, so the class and its prototype are the environment's, never counted among
// the learner's objects; and instanceof works.
defineValue(imageLib, 'NativeImage', NativeImage, true, false, true)
define(globalThis, 'imageLib', imageLib)
`
