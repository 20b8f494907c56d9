"""The `amphi` program's entry point, kept tiny: a Ctrl-C while Python is still loading the
command line gets the same French line as one during a command, never a traceback."""

import sys

INTERRUPTED = 130
MESSAGE = "interrompu (Ctrl-C) : rien n'a changé"


def main() -> int:
    try:
        from bot.cli import main as command_line
    except KeyboardInterrupt:
        print(MESSAGE, file=sys.stderr)
        return INTERRUPTED
    return command_line()
