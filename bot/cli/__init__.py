"""`amphi`: the command-line program. Every message is French; bad input exits with status 2."""

import argparse
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
)
from ranking.errors import InvalidInput, Refused

BAD_INPUT = 2


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        output = args.run(args)
    except InvalidInput as error:
        for message in error.messages():
            print(f"erreur : {message}", file=sys.stderr)
        return BAD_INPUT
    except Refused as refusal:
        print(f"refusé : {refusal}", file=sys.stderr)
        return BAD_INPUT
    except sqlite3.DatabaseError as error:
        print(f"erreur : base de données : {_database_error(error)}", file=sys.stderr)
        return BAD_INPUT
    except imports.NotApplied as not_applied:
        sys.stdout.write(str(not_applied))
        return imports.NOT_APPLIED
    sys.stdout.write(output)
    return 0


def _database_error(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return "occupée par un autre programme trop longtemps ; réessayer"
    if "not a database" in text:
        return "ce fichier n'est pas une base SQLite (option --db)"
    return f"erreur SQLite inattendue ({text})"


if __name__ == "__main__":
    sys.exit(main())
