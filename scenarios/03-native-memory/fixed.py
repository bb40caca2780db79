# A photo gallery scrolls through thumbnails. Each is
# decoded by imagelib: its pixels live outside Python's
# heap until the image's close() is called.
import imagelib

VISIBLE = 5
MAX_THUMBS = 10

# Decoded thumbnails by photo name, so photos still
# in view are not decoded again at every frame.
thumbs = {}


def thumbnail(name):
    image = thumbs.get(name)
    if image is None:
        image = imagelib.decode(name, 256, 256)
        thumbs[name] = image
        if len(thumbs) > MAX_THUMBS:
            evict_oldest()
    return image


def evict_oldest():
    # A dict keeps insertion order: oldest first.
    oldest = next(iter(thumbs))
    # Dropping the handle is not enough: only close()
    # gives the pixels back to the library.
    thumbs.pop(oldest).close()


# The gallery's slots: each shows its image's pixels
# until another image is drawn there.
screen = [None] * VISIBLE


def draw(image, slot):
    # ... paints image.width x image.height pixels
    screen[slot] = image


def step(i):
    # Scrolled one photo further: photos i to i + 4.
    for k in range(VISIBLE):
        draw(thumbnail(f"photo{i + k}"), k)


def teardown():
    print("imagelib holds", imagelib.stats())
    shown = [f"{image.name} (closed)" if image.closed
             else image.name for image in screen]
    print("on screen:", ", ".join(shown))
