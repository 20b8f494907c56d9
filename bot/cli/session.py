"""What every command over the database shares: options, opening, configuration, author, clock."""

import argparse
import asyncio
import getpass
import os
from collections.abc import Awaitable, Callable

from bot.operations.config import load_config
from ranking.config import Config
from ranking.errors import InvalidInput, Problem
from storage import listes
from storage.database import Database

DEFAULT_DB = "amphi.sqlite3"
DEFAULT_CONFIG = "config.toml"


def add_options(
    parser: argparse.ArgumentParser, *, liste: bool = False, nested: bool = False
) -> None:
    """--db, --config, --auteur (and --liste). `nested` for an action under a command that
    has them too: absent there, they must not overwrite what was given before the action."""
    default = argparse.SUPPRESS if nested else None
    if liste:
        parser.add_argument("--liste", default=default, help="nom de la liste d'appel")
    parser.add_argument("--db", default=default, help=f"base SQLite (défaut : {DEFAULT_DB})")
    parser.add_argument(
        "--config", default=default, metavar="FICHIER.toml",
        help=f"semestre, listes, règles (défaut : {DEFAULT_CONFIG})",
    )  # fmt: skip
    parser.add_argument(
        "--auteur", default=default,
        help="nom inscrit au journal (défaut : $AMPHI_AUTEUR ou cli:<utilisateur>)",
    )  # fmt: skip


def command_with_actions(
    commands: argparse._SubParsersAction, name: str, help: str, description: str, run
) -> argparse._SubParsersAction:
    """A command on one list that shows it without an action, and whose actions are
    sub-commands (their --liste and other options may come before or after the action)."""
    parser = commands.add_parser(name, help=help, description=description)
    add_options(parser, liste=True)
    parser.set_defaults(run=run, action=None)
    return parser.add_subparsers(dest="action", metavar="ACTION", title="actions")


def require_liste(args: argparse.Namespace) -> str:
    if not getattr(args, "liste", None):
        raise InvalidInput(
            "", [Problem("argument --liste : obligatoire (le nom de la liste d'appel)")]
        )
    return args.liste


def auteur(args: argparse.Namespace) -> str:
    return args.auteur or os.environ.get("AMPHI_AUTEUR") or f"cli:{getpass.getuser()}"


def run(args: argparse.Namespace, work: Callable[[Database, Config], Awaitable[str]]) -> str:
    """Open the database, bring its semester and lists in line with the configuration, work."""
    config = load_config(args.config or DEFAULT_CONFIG)
    path = args.db or DEFAULT_DB

    async def session() -> str:
        database = await Database.open(path)
        try:
            async with database.write() as tx:
                await listes.sync(tx, config, auteur(args))
            return await work(database, config)
        finally:
            await database.close()

    return asyncio.run(session())
