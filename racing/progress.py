"""Progress of long management commands (seed_demo, refresh_testing) on one line."""


class ProgressBar:
    """A one-line text bar on stderr, redrawn in place with `\\r` only when it changes, so
    a 100k-entry seed does not flood a log with thousands of lines."""

    width = 30

    def __init__(self, stream, enabled):
        self.stream = stream
        self.enabled = enabled
        self.shown = None
        self.length = 0

    def __call__(self, done, total, label):
        if not self.enabled:
            return
        fraction = done / total if total else 1.0
        filled = int(fraction * self.width)
        state = (filled, int(fraction * 100), label)
        if state == self.shown:
            return
        self.shown = state
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {int(fraction * 100):3d}% {label}"
        self.stream.write("\r" + line.ljust(self.length), style_func=lambda text: text, ending="")
        self.stream.flush()
        self.length = len(line)

    def close(self):
        if self.enabled and self.shown is not None:
            self.stream.write("", style_func=lambda text: text)
