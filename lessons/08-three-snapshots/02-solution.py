# A settings dialog, opened once and closed again,
# with a heap snapshot before, between and after.
import leaklab


class Bus:
    """The app's events: the listeners of each."""

    def __init__(self):
        self.listeners = {}

    def on(self, event, listener):
        listeners = self.listeners.setdefault(event, [])
        listeners.append(listener)

    def off(self, event, listener):
        self.listeners[event].remove(listener)

    def emit(self, event):
        for listener in list(self.listeners.get(event, [])):
            listener()


bus = Bus()
settings = {"theme": "light"}


def set_theme(theme):
    settings["theme"] = theme
    bus.emit("theme")


class Field:
    def __init__(self, name):
        self.name = name
        self.color = settings["theme"]


class SettingsDialog:
    def __init__(self):
        self.shown = True
        self.draft = dict(settings)  # edits not saved yet
        self.fields = []
        for k in range(50):
            self.fields.append(Field(f"option {k}"))
        # Repaint when the theme changes. Each self.paint
        # equals the last, so off() will find it.
        bus.on("theme", self.paint)

    def paint(self):
        for field in self.fields:
            field.color = settings["theme"]

    def close(self):
        self.draft = None  # drop the edits
        self.shown = False  # off the screen
        # Let go: the bus and the list both held it.
        bus.off("theme", self.paint)
        dialogs.remove(self)


dialogs = []  # the screen draws those shown


def open_settings():
    dialog = SettingsDialog()
    dialogs.append(dialog)
    return dialog


def close_top():
    shown = [d for d in dialogs if d.shown]
    shown[-1].close()


# The status bar is always on screen, in the theme.
status_bar = {"color": settings["theme"]}


def follow_theme():
    status_bar["color"] = settings["theme"]


bus.on("theme", follow_theme)


def step(i):
    leaklab.snapshot("baseline")
    open_settings()
    leaklab.snapshot("after open")
    close_top()
    leaklab.snapshot("after close")


def teardown():
    # The user opens the settings again, tries the dark
    # theme, closes them, and goes back to light.
    dialog = open_settings()
    set_theme("dark")
    close_top()
    set_theme("light")
    painted = dialog.fields[0].color
    print(f"dialog: {painted}, bar: {status_bar['color']}")
