"""`amphi`: the command-line program. Every message is French; bad input exits with status 2.

A command imports only what it needs: the module that declares it (and what that module uses),
not the others'; a gestionnaire's `amphi appel choisir` starts in a fraction of a second."""

import argparse
import contextlib
import importlib
import os
import signal
import sqlite3
import sys

from bot.cli import argparse_fr, session, suites
from ranking.errors import InvalidInput, Refused

BAD_INPUT = 2
INTERRUPTED = 130
MODULES = (
    "imports", "classement", "fichier", "appel", "editions", "acces", "sauvegarde", "rgpd",
    "exemple", "services", "semestres", "validation",
)  # fmt: skip
"""The modules of the command line, in the order `amphi --help` lists their commands."""
COMMANDES = {
    "import": "imports",
    **dict.fromkeys(("exaequo", "final", "journal", "listes", "rouvrir", "verifier"), "classement"),
    **dict.fromkeys(("interclassement", "preclassement"), "fichier"),
    **dict.fromkeys(("appel", "particulier", "prechoix", "procuration", "simulation"), "appel"),
    "pdf": "editions",
    **dict.fromkeys(("delier", "invitation"), "acces"),
    **dict.fromkeys(("sauvegarde", "restaurer"), "sauvegarde"),
    "purger": "rgpd",
    "exemple": "exemple",
    **dict.fromkeys(("bot", "emulateur"), "services"),
    "semestre": "semestres",
    "validation": "validation",
}
"""Which module declares each command (a test checks it against the modules themselves)."""


def build_parser(commande: str | None = None) -> argparse.ArgumentParser:
    """The parser of one command (the others' modules are not imported), or of all of them
    when `commande` is not one (`amphi --help`, a mistyped command)."""
    argparse_fr.install()
    parser = argparse_fr.Parser(
        prog="amphi",
        description="amphi : rang d'appel des internes et journée des choix.",
        allow_abbrev=False,
    )
    commands = parser.add_subparsers(title="commandes", metavar="COMMANDE", required=True)
    names = [COMMANDES[commande]] if commande in COMMANDES else MODULES
    for name in names:
        importlib.import_module(f"bot.cli.{name}").add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    previous = signal.getsignal(signal.SIGINT)
    status, output, errors = _outcome(argv)
    try:
        _say(sys.stderr, errors)
        status = _say(sys.stdout, output, status)
    finally:  # told whole: a caller in the same process (the demo) gets Ctrl-C back
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return status


def _say(stream, text: str, status: int = 0) -> int:
    """`text` written whole, or the status a lost output gets: `amphi journal | head` (the
    reader has what it wanted) keeps it; `amphi listes > /dev/full` is said in French, status
    2 if the command itself went well. Never a traceback; the stream is then sent to
    /dev/null, so that Python's last flush fails no more."""
    try:
        stream.write(text)
        stream.flush()
    except OSError as error:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        if isinstance(error, BrokenPipeError) or stream is not sys.stdout:
            return status
        with contextlib.suppress(OSError):
            sys.stderr.write(f"erreur : sortie standard : {_os_reason(error)}{_LOST}\n")
            sys.stderr.flush()
        return status or BAD_INPUT
    return status


_LOST = " ; la commande s'est terminée, seul ce qu'elle affichait est perdu"


def _outcome(argv: list[str] | None) -> tuple[int, str, str]:
    """The command's exit status, standard output and error output, nothing printed yet.
    Once it is known, Ctrl-C is ignored: the command is told whole."""
    try:
        return _run(argv)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(argv: list[str] | None) -> tuple[int, str, str]:
    try:
        words = sys.argv[1:] if argv is None else argv
        args = build_parser(words[0] if words else None).parse_args(argv)
        return 0, args.run(args), ""
    except InvalidInput as error:
        return BAD_INPUT, "", "".join(f"erreur : {m}\n" for m in error.messages())
    except Refused as refusal:
        return BAD_INPUT, "", f"refusé : {refusal}{_next_step(refusal)}\n"
    except sqlite3.DatabaseError as error:
        from bot.operations.base import sqlite_reason

        return BAD_INPUT, "", f"erreur : base de données : {sqlite_reason(error)}\n"
    except session.NotApplied as not_applied:
        return session.NOT_APPLIED, str(not_applied), ""
    except (session.Interrompu, KeyboardInterrupt) as stop:
        applied = getattr(stop, "applique", False)
        said = "la commande était déjà enregistrée, en entier" if applied else "rien n'a changé"
        return INTERRUPTED, "", f"interrompu (Ctrl-C) : {said}\n"
    except OSError as error:
        return BAD_INPUT, "", f"erreur : {_os_reason(error)}\n"


def _next_step(refusal: Refused) -> str:
    return f" (commande : {suites.commande(refusal.suite)})" if refusal.suite else ""


def _os_reason(error: OSError) -> str:
    from bot.operations.systeme import dire

    return dire(error)


if __name__ == "__main__":
    sys.exit(main())
