"""`amphi semestre`: the base's semester, the one it was built from, the archives beside it;
`amphi semestre suivant`: the next semester built from this one (règles §7), previewed, then
applied all or nothing once confirmed (--oui: without asking)."""

import argparse

from bot.cli import session
from bot.operations import semestres
from bot.operations.base import Contexte
from bot.operations.config import gestionnaires_configures, load_config


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "semestre",
        help="le semestre de la base ; « suivant » : construire le semestre suivant",
        description="Sans action : le semestre de la base, celui dont il a été construit et les "
        "archives des semestres passés. « amphi semestre suivant » construit le semestre "
        "suivant une fois tous les choix clos : les internes reportés (stage effectué, "
        "semestres validés, phase), leurs comptes Telegram gardés ; le semestre fini reste "
        "lisible dans son archive, à côté de la base.",
    )
    session.add_options(parser)
    parser.set_defaults(run=run_montrer, action=None)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", title="actions")
    suivant = actions.add_parser(
        "suivant",
        help="construire le semestre suivant (aperçu, puis confirmation)",
        description="Montre ce qui sera fait, demande confirmation (--oui : sans demander), "
        "puis construit le semestre suivant en entier ou pas du tout.",
    )
    suivant.add_argument("--oui", action="store_true", help="construire sans demander")
    session.add_options(suivant, nested=True)
    suivant.set_defaults(run=run_suivant)


def _ensuite(done: semestres.Apercu) -> tuple[str, ...]:
    """What the gestionnaire does next, the new semester built (README, point 13)."""
    return (
        "",
        "Ensuite :",
        f'- dans la configuration : [semestre] code = "{done.suivant}" ;',
        "- amphi import internes FICHIER.csv avec le fichier du nouveau semestre (il ajoute et "
        "met à jour ; ses semestres_valides doivent compter le semestre qui finit) ;",
        "- amphi import postes FICHIER.csv, puis le classement de chaque liste ;",
        f"- un stage que la commission ne valide pas : amphi validation ID {done.courant} non.",
    )


def run_montrer(args: argparse.Namespace) -> str:
    declared = load_config(args.config or session.DEFAULT_CONFIG).semestre

    async def work(ctx: Contexte) -> str:
        annonce = declared.code if declared is not None else None
        return "\n".join(await semestres.decrire_base(ctx, annonce)) + "\n"

    return session.run(args, work, ecriture=False)


def run_suivant(args: argparse.Namespace) -> str:
    if args.oui:

        async def now(ctx: Contexte) -> str:
            seen = await semestres.apercu(ctx)
            done = await semestres.construire(
                ctx, seen.jeton, ctx.auteur, gestionnaires_configures(ctx.config), seen.suivant
            )
            return "\n".join((*done.lignes, *_ensuite(done))) + "\n"

        return session.run(args, now)

    async def preview(ctx: Contexte) -> semestres.Apercu:
        return await semestres.apercu(ctx)

    seen = session.run(args, preview, ecriture=False)
    session.confirmer("\n".join(seen.lignes) + "\n", "Construire ce semestre ?")

    async def apply_seen(ctx: Contexte) -> str:
        done = await semestres.construire(
            ctx, seen.jeton, ctx.auteur, gestionnaires_configures(ctx.config), seen.suivant
        )
        return "\n".join((*done.lignes, *_ensuite(done))) + "\n"

    return session.run(args, apply_seen)
