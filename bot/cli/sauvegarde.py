"""`amphi sauvegarde` and `amphi restaurer`: a consistent copy of the base while the bot works,
and a base put back from a copy (checked first: whole, an amphi base, not from a newer amphi)."""

import argparse
from pathlib import Path

from bot.cli import session
from bot.operations import sauvegarde
from bot.operations.base import Contexte


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sauvegarde",
        help="copier la base maintenant, même pendant que le bot travaille",
        description="Une copie cohérente (l'API de sauvegarde de SQLite), lisible par son seul "
        "propriétaire. Sans FICHIER : dans le dossier [sauvegardes] (défaut : sauvegardes/ à "
        "côté de la base). Des copies automatiques sont aussi faites avant chaque ouverture et "
        "chaque clôture d'une liste, et toutes les [sauvegardes] intervalle_minutes pendant "
        "que le bot tourne ; les [sauvegardes] garder dernières sont gardées.",
    )
    parser.add_argument("fichier", nargs="?", metavar="FICHIER", help="où écrire la copie")
    session.add_options(parser, semestre=True)
    parser.set_defaults(run=run_sauvegarde)

    parser = commands.add_parser(
        "restaurer",
        help="remettre la base dans l'état d'une sauvegarde (la base actuelle est d'abord copiée)",
        description="Le fichier est vérifié en entier avant que la base ne soit touchée : intact, "
        "une base d'amphi d'une version connue, exactement les tables, index, déclencheurs et "
        "vues d'amphi, un journal dont la chaîne suit ; ni la base elle-même, ni une base en "
        "service. Ce qui sera perdu est dit, puis demandé (--oui : sans demander).",
    )
    parser.add_argument("fichier", metavar="FICHIER", help="la sauvegarde à remettre")
    parser.add_argument("--oui", action="store_true", help="restaurer sans demander")
    session.add_options(parser, semestre=True)
    parser.set_defaults(run=run_restaurer)


def run_sauvegarde(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        made = await sauvegarde.sauvegarder(ctx, Path(args.fichier) if args.fichier else None)
        return f"Base copiée dans {made}.\n"

    return session.run(args, work, ecriture=False)


def run_restaurer(args: argparse.Namespace) -> str:
    async def examine(ctx: Contexte) -> sauvegarde.Restauration:
        return await sauvegarde.examiner(ctx, Path(args.fichier))

    seen = session.run(args, examine, ecriture=False)
    if not args.oui:
        said = seen.phrase()
        session.confirmer(said[:1].upper() + said[1:] + ".\n", "Restaurer ?")

    async def restore(ctx: Contexte) -> str:
        kept = await sauvegarde.restaurer(ctx, seen)
        found = seen.sauvegarde
        chain = " (son journal vérifié : chaîne suivie)" if found.chaine_verifiee else ""
        return (
            f"Base restaurée depuis {seen.fichier}{chain} ; la base d'avant est gardée dans "
            f"{kept}.\n"
        )

    return session.run(args, restore, archive_ecriture=True)
