# A native image library: the pixels live outside
# Python's heap, in memory the library manages.
import imagelib

drawn = 0  # thumbnails drawn on the page


def make_thumbnail(i):
    thumb = imagelib.decode(f"photo{i}", 256, 256)
    return thumb


def draw(thumb):
    global drawn
    # A closed image has no pixels left to draw.
    if not thumb.closed:
        drawn += 1


def step(i):
    thumb = make_thumbnail(i)
    draw(thumb)  # then the thumbnail is forgotten


def teardown():
    print("thumbnails drawn:", drawn)
