"""`amphi purger`: the semester over, the personal data it no longer needs removed."""

import argparse

from bot.cli import session
from bot.operations import rgpd
from bot.operations.base import Contexte


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "purger",
        help="le semestre fini : effacer téléphones, e-mails, comptes Telegram, procurations, "
        "codes et alertes (les résultats et le journal restent)",
        description="Ce qui sera effacé est montré puis demandé (--oui : sans demander). Les "
        "téléphones, e-mails et identifiants Telegram du journal sont masqués ; le fichier est "
        "reconstruit pour qu'il n'en reste rien, et les copies automatiques sont effacées.",
    )
    parser.add_argument("--oui", action="store_true", help="purger sans demander")
    session.add_options(parser, semestre=True)
    parser.set_defaults(run=run_purger)


def run_purger(args: argparse.Namespace) -> str:
    async def preview(ctx: Contexte):
        return await rgpd.apercu(ctx)

    seen = session.run(args, preview, ecriture=False)
    if not args.oui:
        session.confirmer(_liste(seen, "Seront effacés") + "\n", "Purger ?")

    async def work(ctx: Contexte) -> str:
        done = await rgpd.purger(ctx)
        text = _liste(done.faite, "Effacés") + "\n"
        text += f"Copies automatiques effacées : {done.copies_effacees}.\n"
        if done.copies_restantes:
            names = ", ".join(str(path) for path in done.copies_restantes)
            text += f"Ces copies gardent encore les données effacées, à supprimer : {names}.\n"
        return text

    return session.run(args, work, archive_ecriture=True)


def _liste(found, title: str) -> str:
    lines = [f"{title} :", f"- téléphone et e-mail de {found.coordonnees} interne(s)"]
    lines += [f"- {count} {label}" for label, count in found.lignes if count]
    lines.append(f"- {found.journal} entrée(s) du journal masquées (téléphones, e-mails, "
                 "identifiants Telegram)")  # fmt: skip
    return "\n".join(lines)
