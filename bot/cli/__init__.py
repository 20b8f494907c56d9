"""`amphi`: the command-line program. Every message is French; bad input exits with status 2."""

import argparse
import errno
import os
import signal
import sqlite3
import sys

from bot.cli import (
    acces,
    appel,
    argparse_fr,
    classement,
    editions,
    exemple,
    fichier,
    imports,
    services,
    session,
    suites,
)
from bot.operations import base
from ranking.errors import InvalidInput, Refused

BAD_INPUT = 2
INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    argparse_fr.install()
    parser = argparse.ArgumentParser(
        prog="amphi",
        description="amphi : rang d'appel des internes et journée des choix.",
        allow_abbrev=False,
    )
    commands = parser.add_subparsers(title="commandes", metavar="COMMANDE", required=True)
    imports.add_parser(commands)
    classement.add_parsers(commands)
    fichier.add_parsers(commands)
    appel.add_parsers(commands)
    editions.add_parser(commands)
    acces.add_parser(commands)
    exemple.add_parser(commands)
    services.add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    previous = signal.getsignal(signal.SIGINT)
    status, output, errors = _outcome(argv)
    try:
        sys.stderr.write(errors)
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # `amphi journal | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:  # told whole: a caller in the same process (the demo) gets Ctrl-C back
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return status


def _outcome(argv: list[str] | None) -> tuple[int, str, str]:
    """The command's exit status, standard output and error output, nothing printed yet.
    Once it is known, Ctrl-C is ignored: the command is told whole."""
    try:
        return _run(argv)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(argv: list[str] | None) -> tuple[int, str, str]:
    try:
        args = build_parser().parse_args(argv)
        return 0, args.run(args), ""
    except InvalidInput as error:
        return BAD_INPUT, "", "".join(f"erreur : {m}\n" for m in error.messages())
    except Refused as refusal:
        return BAD_INPUT, "", f"refusé : {refusal}{_next_step(refusal)}\n"
    except sqlite3.DatabaseError as error:
        return BAD_INPUT, "", f"erreur : base de données : {base.sqlite_reason(error)}\n"
    except imports.NotApplied as not_applied:
        return imports.NOT_APPLIED, str(not_applied), ""
    except (session.Interrompu, KeyboardInterrupt) as stop:
        applied = getattr(stop, "applique", False)
        said = "la commande était déjà enregistrée, en entier" if applied else "rien n'a changé"
        return INTERRUPTED, "", f"interrompu (Ctrl-C) : {said}\n"
    except OSError as error:
        return BAD_INPUT, "", f"erreur : {_os_reason(error)}\n"


def _next_step(refusal: Refused) -> str:
    return f" (commande : {suites.commande(refusal.suite)})" if refusal.suite else ""


def _os_reason(error: OSError) -> str:
    reasons = {
        errno.ENOSPC: "disque plein",
        errno.EACCES: "accès refusé (droits)",
        errno.EROFS: "système de fichiers en lecture seule",
        errno.ENOENT: "fichier ou dossier introuvable",
    }
    where = f" : {error.filename}" if error.filename else ""
    return reasons.get(error.errno, "erreur du système de fichiers") + where


if __name__ == "__main__":
    sys.exit(main())
