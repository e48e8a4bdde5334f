"""Progress of long management commands (seed_demo, refresh_testing): a bar redrawn on one
line in a terminal, whole lines in a log or a pipe."""


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


class ProgressLines:
    """Progress for a log or a pipe: a whole line at each tenth of the work, never `\\r`."""

    step = 10

    def __init__(self, stream, enabled, subject):
        self.stream = stream
        self.enabled = enabled
        self.subject = subject
        self.next = self.step

    def __call__(self, done, total, label):
        percent = int(done * 100 / total) if total else 100
        if not self.enabled or percent < self.next:
            return
        self.next = (percent // self.step + 1) * self.step
        self.stream.write(f"  {self.subject} {percent:3d}% done ({label})", style_func=lambda text: text)
        self.stream.flush()

    def close(self):
        pass


def progress_for(stream, enabled, subject):
    """A bar redrawn in place on a terminal, whole lines (naming the `subject`) anywhere else."""
    if stream.isatty():
        return ProgressBar(stream, enabled)
    return ProgressLines(stream, enabled, subject)

