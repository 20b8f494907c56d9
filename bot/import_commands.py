"""`amphi import internes|postes FICHIER`: show what changes, then apply it all or nothing."""

import argparse
import sys

from bot import session
from bot.config import read_bytes
from ranking.config import Config
from ranking.diff import Changes
from ranking.importer import parse_internes
from ranking.postes import parse_postes
from storage import imports
from storage.database import Database

SHOWN_PER_KIND = 15
NOT_APPLIED = 1


class NotApplied(Exception):
    """The gestionnaire did not confirm: nothing was written."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="importer les internes ou les postes (aperçu des changements, puis application)",
        description="Compare le fichier à la base, montre les changements, puis les applique "
        "en entier (ou rien). Réimporter le même fichier ne change rien.",
    )
    parser.add_argument("nature", choices=["internes", "postes"])
    parser.add_argument("fichier", metavar="FICHIER", help="CSV ou XLSX")
    parser.add_argument("--oui", action="store_true", help="appliquer sans demander")
    session.add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    data = read_bytes(args.fichier, "FICHIER")

    async def work(database: Database, config: Config) -> str:
        async with database.read() as tx:
            if args.nature == "internes":
                records = parse_internes(data, args.fichier)
                changes = await imports.internes_changes(tx, records)
            else:
                names = [liste.nom for liste in config.listes]
                records = parse_postes(data, args.fichier, names)
                changes = await imports.postes_changes(tx, records)
        if changes.empty:
            return f"Aucun changement : {args.fichier} est déjà en base à l'identique.\n"
        preview = describe(args.nature, args.fichier, changes)
        if not args.oui:
            _confirm(preview)
            preview = ""
        apply = imports.apply_internes if args.nature == "internes" else imports.apply_postes
        async with database.write() as tx:
            await apply(tx, records, changes, args.fichier, data, session.auteur(args))
        return preview + "Appliqué.\n"

    return session.run(args, work)


def _confirm(preview: str) -> None:
    """Ask on a terminal; without one (a script), apply only with --oui."""
    if not sys.stdin.isatty():
        raise NotApplied(preview + "Rien n'est appliqué : relancer avec --oui pour appliquer.\n")
    sys.stdout.write(preview)
    if input("Appliquer ces changements ? [o/N] ").strip().lower() not in {"o", "oui"}:
        raise NotApplied("Rien n'est appliqué.\n")


def describe(nature: str, source: str, changes: Changes) -> str:
    missing = "désactivation(s)" if nature == "internes" else "retrait(s)"
    lines = [
        f"Import de {source} : {len(changes.added)} ajout(s), {len(changes.modified)} "
        f"modification(s), {len(changes.missing)} {missing}"
    ]
    lines += _shown("+", [_name(r) for r in changes.added])
    lines += _shown(
        "~",
        [
            f"{_name(m.after)} : "
            + ", ".join(f"{c} {_value(m.before, c)} → {_value(m.after, c)}" for c in m.champs)
            for m in changes.modified
        ],
    )
    suffix = " : absent du fichier, désactivé" if nature == "internes" else " : retiré"
    lines += _shown("−", [_name(r) + suffix for r in changes.missing])
    return "\n".join(lines) + "\n"


def _shown(mark: str, items: list[str]) -> list[str]:
    lines = [f"  {mark} {item}" for item in items[:SHOWN_PER_KIND]]
    if len(items) > SHOWN_PER_KIND:
        lines.append(f"  {mark} … et {len(items) - SHOWN_PER_KIND} autre(s)")
    return lines


def _name(record: object) -> str:
    if hasattr(record, "nom"):
        return f"{record.id} {record.nom} {record.prenom}"
    return f"{record.id} {record.terrain} (liste « {record.liste} », {record.capacite} place(s))"


def _value(record: object, field: str) -> str:
    value = getattr(record, field)
    if value is None or value == "":
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(getattr(value, "value", value))
