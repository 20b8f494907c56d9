"""`amphi import internes|postes FICHIER`: show what changes, then apply it all or nothing.

The first import of a semester creates its database (and says so); a file refused, or an import
not confirmed, leaves no database behind.
"""

import argparse
from pathlib import Path

from bot.cli import session
from bot.operations import imports
from bot.operations.base import Contexte
from bot.operations.config import load_config, read_bytes
from ranking.errors import Refused


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import",
        help="importer les internes ou les postes (aperçu des changements, puis application)",
        description="Compare le fichier à la base, montre les changements, puis les applique "
        "en entier (ou rien). Réimporter le même fichier ne change rien. Le premier import "
        "d'un semestre crée sa base.",
    )
    parser.add_argument("nature", choices=imports.NATURES)
    parser.add_argument("fichier", metavar="FICHIER", help="CSV ou XLSX")
    parser.add_argument("--oui", action="store_true", help="appliquer sans demander")
    parser.add_argument(
        "--tout", action="store_true", help="montrer tous les changements, pas les premiers"
    )
    session.add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    data = read_bytes(args.fichier, "FICHIER")
    config = load_config(args.config or session.DEFAULT_CONFIG)
    path = Path(args.db or session.DEFAULT_DB)
    # before any database; an internes file is checked against the base's own semester
    fichier = imports.lire(
        args.nature, data, args.fichier, config, semestre_de_la_base=path.exists()
    )
    shown = None if args.tout else imports.SHOWN_PER_KIND

    if args.oui:  # preview and apply in one transaction: nothing can come in between

        async def apply_now(ctx: Contexte) -> str:
            applied = await imports.appliquer(ctx, fichier)
            if applied.vide:
                return _nothing(args.fichier)
            return _text(imports.decrire(applied, shown)) + "Appliqué.\n"

        return session.run(args, apply_now, creation=True)

    async def preview(ctx: Contexte) -> imports.Apercu:
        return await imports.apercu(ctx, fichier)

    if path.exists():
        seen = session.run(args, preview, ecriture=False)
    else:
        seen = imports.sans_base(fichier)
    if seen.vide:
        return _nothing(args.fichier)
    if not seen.applicable:  # said before asking, not after a « oui » that could only fail
        preview = _text(imports.decrire(seen, shown))
        raise Refused(f"cet import serait refusé en entier, rien n'est appliqué :\n{preview}")
    session.confirmer(_text(imports.decrire(seen, shown)), "Appliquer ces changements ?")

    async def apply_seen(ctx: Contexte) -> str:
        await imports.appliquer(ctx, fichier, vu=seen)
        return "Appliqué.\n"

    return session.run(args, apply_seen, creation=True)


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _nothing(source: str) -> str:
    return f"Aucun changement : {source} est déjà en base à l'identique.\n"
