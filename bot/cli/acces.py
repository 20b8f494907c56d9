"""`amphi invitation` and `amphi delier`: who may use the Telegram bot, as what."""

import argparse
from datetime import timedelta

from bot.cli import session
from bot.operations.heure import paris
from ranking.config import Config
from storage import comptes
from storage.database import Database, now


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "invitation",
        help="créer un code d'invitation (à usage unique) pour lier un compte Telegram",
        description="Le code s'affiche une seule fois ; la base n'en garde qu'une empreinte.",
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--gestionnaire", action="store_true", help="pour un gestionnaire")
    who.add_argument("--interne", metavar="ID", help="pour cet interne")
    parser.add_argument("--jours", type=int, default=7, help="validité en jours (défaut : 7)")
    session.add_options(parser)
    parser.set_defaults(run=run)

    parser = commands.add_parser(
        "delier", help="délier un compte Telegram (téléphone perdu, mauvais compte)"
    )
    parser.add_argument("telegram_id", type=int, metavar="TELEGRAM_ID")
    session.add_options(parser)
    parser.set_defaults(run=run_delier)


def run(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        role = "gestionnaire" if args.gestionnaire else "interne"
        duree = timedelta(days=max(1, args.jours))
        async with database.write() as tx:
            code = await comptes.inviter(tx, role, args.interne, session.auteur(args), duree)
        until = paris(now() + duree)
        who = "un gestionnaire" if args.gestionnaire else f"l'interne {args.interne}"
        return (
            f"Code d'invitation pour {who} : {code}\n"
            f"À envoyer au bot Telegram avec /start {code} avant le {until} (heure de Paris). "
            "Il ne sert qu'une fois et ne sera plus affiché.\n"
        )

    return session.run(args, work)


def run_delier(args: argparse.Namespace) -> str:
    async def work(database: Database, config: Config) -> str:
        async with database.write() as tx:
            await comptes.delier(tx, args.telegram_id, session.auteur(args))
        return f"Compte Telegram {args.telegram_id} délié : une nouvelle invitation le reliera.\n"

    return session.run(args, work)
