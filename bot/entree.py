"""The `amphi` program's entry point, kept tiny: a Ctrl-C while Python is still loading the
command line gets the same French line as one during a command, never a traceback."""

import signal
import sys

INTERRUPTED = 130
MESSAGE = "interrompu (Ctrl-C) : rien n'a changé"
LATE_MESSAGE = (
    "interrompu (Ctrl-C) à l'instant où la commande se terminait : « amphi journal » dit si "
    "elle est enregistrée (en entier, ou pas du tout)"
)


def main() -> int:
    try:
        from bot.cli import main as command_line
    except KeyboardInterrupt:
        print(MESSAGE, file=sys.stderr)
        return INTERRUPTED
    try:
        status = command_line()
    except KeyboardInterrupt:  # in the instant the command was ending: say what is known
        print(LATE_MESSAGE, file=sys.stderr)
        return INTERRUPTED
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # told whole: a Ctrl-C while the process
    return _fin(status)  # winds down must not turn the status said into a death by signal


def _fin(status: int) -> int:
    """The command told whole and nothing else running: the process ends at once, its output
    flushed, without Python tearing down every module and object one by one (a tenth of the
    time of a choice from the command line, measured). With a thread still running, Python
    ends as usual, waiting for it."""
    import contextlib
    import os
    import threading

    if threading.active_count() > 1:
        return status
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # said already (`bot.cli._say`)
            stream.flush()
    os._exit(status)
