"""`amphi invitation` and `amphi delier`: who may use the Telegram bot, as what."""

import argparse
from datetime import timedelta

from bot.cli import session
from bot.operations import comptes
from bot.operations.base import Contexte
from ranking.horloge import now, paris

TELEGRAM_ID_MAX = 2**52  # Telegram's identifiers fit in 52 bits


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "invitation",
        help="créer un code d'invitation (à usage unique) pour lier un compte Telegram",
        description="Le code s'affiche une seule fois ; la base n'en garde qu'une empreinte.",
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--gestionnaire", action="store_true", help="pour un gestionnaire")
    who.add_argument("--interne", metavar="ID", help="pour cet interne")
    parser.add_argument(
        "--jours", type=session.entier(1, comptes.JOURS_MAX), default=7,
        help=f"validité en jours, de 1 à {comptes.JOURS_MAX} (défaut : 7)",
    )  # fmt: skip
    session.add_options(parser)
    parser.set_defaults(run=run)

    parser = commands.add_parser(
        "delier", help="délier un compte Telegram (téléphone perdu, mauvais compte)"
    )
    parser.add_argument(
        "telegram_id", type=session.entier(1, TELEGRAM_ID_MAX), metavar="TELEGRAM_ID"
    )
    session.add_options(parser)
    parser.set_defaults(run=run_delier)


def run(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        code = await comptes.inviter(ctx, args.interne, args.jours)
        until = paris(now() + timedelta(days=args.jours))
        who = "un gestionnaire" if args.gestionnaire else f"l'interne {args.interne}"
        link = comptes.lien(ctx.config, code)
        return (
            f"Code d'invitation pour {who} : {code}\n"
            f"À envoyer au bot Telegram avec /start {code} avant le {until} (heure de Paris). "
            "Il ne sert qu'une fois et ne sera plus affiché.\n"
            + (f"Lien direct : {link}\n" if link else "")
        )

    return session.run(args, work)


def run_delier(args: argparse.Namespace) -> str:
    async def work(ctx: Contexte) -> str:
        await comptes.delier(ctx, args.telegram_id)
        return f"Compte Telegram {args.telegram_id} délié : une nouvelle invitation le reliera.\n"

    return session.run(args, work)
