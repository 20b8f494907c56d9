"""What every command over the database shares: options, opening, configuration, author."""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.operations import base
from bot.operations.base import Contexte
from bot.operations.config import load_config
from ranking.errors import InvalidInput, Problem

DEFAULT_DB = "amphi.sqlite3"
DEFAULT_CONFIG = "config.toml"
SEMESTRE = "semestre_lu"
"""Where `--semestre AAAA-MM` (the semester a command reads) lands: not `semestre`, which
other commands' own arguments use (`amphi validation ID AAAA-MM`, `preclassement --semestre`)."""


class Interrompu(Exception):
    """Ctrl-C: `applique` says whether the command's work had reached the database."""

    def __init__(self, applique: bool):
        super().__init__()
        self.applique = applique


def add_options(
    parser: argparse.ArgumentParser,
    *,
    liste: bool = False,
    nested: bool = False,
    semestre: bool = False,
) -> None:
    """--db, --config, --auteur (and --liste, --semestre). `nested` for an action under a
    command that has them too: absent there, they must not overwrite what was given before
    the action."""
    default = argparse.SUPPRESS if nested else None
    if liste:
        parser.add_argument("--liste", default=default, help="nom de la liste d'appel")
    if semestre:
        parser.add_argument(
            "--semestre", dest=SEMESTRE, default=default, metavar="AAAA-MM",
            help="un semestre passé, lu dans son archive à côté de la base (défaut : le "
            "semestre en cours)",
        )  # fmt: skip
    parser.add_argument("--db", default=default, help=f"base SQLite (défaut : {DEFAULT_DB})")
    parser.add_argument(
        "--config", default=default, metavar="FICHIER.toml",
        help=f"semestre, listes, règles (défaut : {DEFAULT_CONFIG})",
    )  # fmt: skip
    parser.add_argument(
        "--auteur", default=default,
        help="nom inscrit au journal (défaut : $AMPHI_AUTEUR ou cli:<utilisateur>)",
    )  # fmt: skip


def entier(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argparse type: a whole number between two bounds, refused in French otherwise (a
    30-digit number never reaches SQLite's 64-bit integers)."""

    def parse(text: str) -> int:
        if text.strip().lstrip("-").isascii() and text.strip().lstrip("-").isdigit():
            value = int(text)
            if len(text) <= 20 and minimum <= value <= maximum:
                return value
        raise argparse.ArgumentTypeError(
            f"« {text[:30]} » : nombre entier de {minimum} à {maximum:_} attendu".replace("_", " ")
        )

    return parse


def command_with_actions(
    commands: argparse._SubParsersAction,
    name: str,
    help: str,
    description: str,
    run,
    semestre: bool = False,
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """A command on one list that shows it without an action, and whose actions are
    sub-commands (their --liste and other options may come before or after the action)."""
    parser = commands.add_parser(name, help=help, description=description)
    add_options(parser, liste=True, semestre=semestre)
    parser.set_defaults(run=run, action=None)
    return parser, parser.add_subparsers(dest="action", metavar="ACTION", title="actions")


def require_liste(args: argparse.Namespace) -> str:
    if not getattr(args, "liste", None):
        raise InvalidInput(
            "", [Problem("argument --liste : obligatoire (le nom de la liste d'appel)")]
        )
    return args.liste


def auteur(args: argparse.Namespace) -> str:
    return args.auteur or os.environ.get("AMPHI_AUTEUR") or f"cli:{getpass.getuser()}"


def run(
    args: argparse.Namespace,
    work: Callable[[Contexte], Awaitable[str]],
    *,
    ecriture: bool = True,
    creation: bool = False,
    archive_ecriture: bool = False,
) -> str:
    """Open the database (creating it only for the commands that start a semester), bring it
    in line with the configuration when the command writes, work; what the configuration
    changed (or would change) is told on stderr. `--semestre` opens an archive instead, which
    only `archive_ecriture` commands (purge, restore) may write."""
    config = load_config(args.config or DEFAULT_CONFIG)
    path = Path(args.db or DEFAULT_DB)
    who = auteur(args)
    state: dict[str, object] = {}

    def applied() -> bool:
        """The command's own work reached the database (the configuration's aside)."""
        return "db" in state and state["db"].commits > state["baseline"]

    async def session() -> str:
        opening = await base.ouvrir(
            path, config, who, ecriture=ecriture, creation=creation,
            semestre=getattr(args, SEMESTRE, None), archive_ecriture=archive_ecriture,
        )  # fmt: skip
        state.update(db=opening.db, baseline=opening.db.commits)
        done = False
        try:
            output = await work(Contexte(opening.db, opening.config or config, who))
            done = True
        finally:
            await base.fermer(opening, failed=not done and not applied())
        if opening.creee:
            note(f"base créée : {path} ({config.semestre.label}, {config.circonscription})")
        for said in opening.notes:
            later = not ecriture and not opening.en_memoire
            note(f"{said} (appliqué à la prochaine commande qui écrit)" if later else said)
        return output

    try:
        return asyncio.run(session())
    except KeyboardInterrupt:
        raise Interrompu(applied()) from None


def note(text: str) -> None:
    print(f"note : {text}", file=sys.stderr)


NOT_APPLIED = 1


class NotApplied(Exception):
    """The gestionnaire did not confirm: nothing was written."""


def confirmer(preview: str, question: str) -> None:
    """Ask on a terminal; without one (a script), `NotApplied` (go on only with --oui)."""
    if not sys.stdin.isatty():
        raise NotApplied(preview + "Rien n'est appliqué : relancer avec --oui pour appliquer.\n")
    sys.stdout.write(preview)
    try:
        answer = input(f"{question} [o/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in {"o", "oui"}:
        raise NotApplied("Rien n'est appliqué.\n")
