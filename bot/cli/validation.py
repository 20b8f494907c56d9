"""`amphi validation ID AAAA-MM oui|non`: a stage effectué marked validé or non validé when the
commission decides (règles §7); what it changes is shown, then applied (--oui: without asking)."""

import argparse

from bot.cli import session
from bot.operations import validation
from bot.operations.base import Contexte
from ranking import cells
from ranking.stages import lire_semestre


def _semestre(text: str) -> str:
    try:
        return lire_semestre(text)
    except cells.Bad as bad:
        raise argparse.ArgumentTypeError(str(bad)) from None


def _oui_non(text: str) -> bool:
    try:
        return cells.yes_no(text)
    except cells.Bad as bad:
        raise argparse.ArgumentTypeError(f"{bad} (oui : validé, non : non validé)") from None


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validation",
        help="marquer un stage effectué validé ou non validé (décision de la commission)",
        description="Un stage non validé ne compte ni pour l'ancienneté (semestres validés − 1) "
        "ni pour la maquette ; validé de nouveau, il compte pour les deux. Les ordres qu'il "
        "change sont périmés (relancer le pré-classement) ; refusé tant qu'une liste de "
        "l'interne est en choix ouvert. Un fichier de validations (colonnes id, semestre, "
        "valide) s'importe avec « amphi import validations FICHIER ».",
    )
    parser.add_argument("interne", metavar="ID", help="identifiant de l'interne")
    parser.add_argument("semestre", metavar="AAAA-MM", type=_semestre, help="semestre du stage")
    parser.add_argument(
        "valide", metavar="oui|non", type=_oui_non, help="oui : validé ; non : non validé"
    )
    parser.add_argument("--oui", action="store_true", help="appliquer sans demander")
    session.add_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    if not args.oui:

        async def preview(ctx: Contexte) -> validation.Validation:
            return await validation.apercu(ctx, args.interne, args.semestre, args.valide)

        seen = session.run(args, preview, ecriture=False)
        session.confirmer(f"{seen.phrase}\n", "Appliquer ?")

    async def work(ctx: Contexte) -> str:
        done = await validation.valider_stage(
            ctx, args.interne, args.semestre, args.valide, ctx.auteur
        )
        return f"{done.phrase}\nAppliqué.\n"

    return session.run(args, work)
