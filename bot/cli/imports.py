"""`amphi import internes|postes FICHIER`: show what changes, then apply it all or nothing."""

import argparse
import sys

from bot.cli import session
from bot.operations.config import read_bytes
from ranking.config import Config
from ranking.diff import Changes
from ranking.importer import read_internes
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
        if args.nature == "internes":
            records = read_internes(data, args.fichier)
            changes_of, apply = imports.internes_changes, imports.apply_internes
        else:
            records = parse_postes(data, args.fichier, [liste.nom for liste in config.listes])
            changes_of, apply = imports.postes_changes, imports.apply_postes
        if args.oui:  # preview and apply in one transaction: nothing can come in between
            async with database.write() as tx:
                changes = await changes_of(tx, records)
                if not changes.empty:
                    await apply(tx, changes, args.fichier, data, session.auteur(args))
            if changes.empty:
                return _nothing(args.fichier)
            return describe(args.nature, args.fichier, changes) + "Appliqué.\n"
        async with database.read() as tx:
            shown = await changes_of(tx, records)
        if shown.empty:
            return _nothing(args.fichier)
        _confirm(describe(args.nature, args.fichier, shown))
        async with database.write() as tx:
            changes = imports.unchanged(shown, await changes_of(tx, records))
            await apply(tx, changes, args.fichier, data, session.auteur(args))
        return "Appliqué.\n"

    return session.run(args, work)


def _nothing(source: str) -> str:
    return f"Aucun changement : {source} est déjà en base à l'identique.\n"


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
    lines += _shown("+", [_name(changes.view(r)) for r in changes.added])
    modified = []
    for m in changes.modified:
        before, after = changes.view(m.before), changes.view(m.after)
        fields = ", ".join(f"{c} {_value(before[c])} → {_value(after[c])}" for c in m.champs)
        modified.append(f"{_name(after)} : {fields}")
    lines += _shown("~", modified)
    suffix = " : absent du fichier, désactivé" if nature == "internes" else " : retiré"
    lines += _shown("−", [_name(changes.view(r)) + suffix for r in changes.missing])
    return "\n".join(lines) + "\n"


def _shown(mark: str, items: list[str]) -> list[str]:
    lines = [f"  {mark} {item}" for item in items[:SHOWN_PER_KIND]]
    if len(items) > SHOWN_PER_KIND:
        lines.append(f"  {mark} … et {len(items) - SHOWN_PER_KIND} autre(s)")
    return lines


def _name(record: dict[str, object]) -> str:
    if "nom" in record:
        return f"{record['id']} {record['nom']} {record['prenom']}"
    return (
        f"{record['id']} {record['terrain']} (liste « {record['liste']} », "
        f"{record['capacite']} place(s))"
    )


def _value(value: object) -> str:
    if value is None or value == "":
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(getattr(value, "value", value))
