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
    return status  # winds down must not turn the status said into a death by signal
