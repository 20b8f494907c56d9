"""`amphi pdf appel|emargement|resultats --liste L [--sortie FICHIER|DOSSIER] [--remplacer]`."""

import argparse
import os
import stat
from pathlib import Path

from bot.cli import session
from bot.operations import editions, systeme
from bot.operations.base import Contexte
from ranking.errors import Refused


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "pdf",
        help="éditions PDF d'une liste : liste d'appel, émargement, résultats",
        description="Édite en PDF (A4) un document d'une liste, lu dans la base.",
    )
    kinds = parser.add_subparsers(
        dest="edition", metavar="EDITION", title="éditions", required=True
    )
    for name, text in editions.KINDS.items():
        kind = kinds.add_parser(name, help=text, description=text)
        session.add_options(kind, liste=True, semestre=True)
        kind.add_argument(
            "--sortie", metavar="FICHIER.pdf",
            help="fichier ou dossier (défaut : <edition>_<liste>.pdf dans le dossier courant, "
            "<edition>_<liste>_<AAAA-MM>.pdf pour un semestre passé)",
        )  # fmt: skip
        kind.add_argument(
            "--remplacer", action="store_true",
            help="remplacer un PDF du même nom (sinon un nom libre est choisi : …-2.pdf)",
        )  # fmt: skip
        kind.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    nom = session.require_liste(args)

    async def work(ctx: Contexte) -> str:
        liste, document, count = await editions.document(ctx, args.edition, nom)
        passe = ctx.config.semestre.code if getattr(args, session.SEMESTRE, None) else None
        target = _target(args.sortie, editions.default_name(args.edition, liste.nom, passe))
        from bot.editions.rendu import rendre  # fpdf2 is imported by `amphi pdf` only

        data, pages = rendre(document)
        written = _write_atomically(target, data, args.remplacer)
        return f"{document.titre} : {count} ligne(s), {pages} page(s) → {written}\n"

    return session.run(args, work, ecriture=False)


def _target(sortie: str | None, default: str) -> Path:
    """--sortie as given, a folder to write the default name in, or the current folder."""
    if not sortie:
        return Path(default)
    target = Path(sortie)
    if target.is_dir():
        return target / default
    if not target.parent.is_dir():
        raise Refused(f"argument --sortie : le dossier « {target.parent} » n'existe pas")
    return target


def _free_name(target: Path) -> Path:
    """The first of `name.pdf`, `name-2.pdf`, `name-3.pdf`… that does not exist yet."""
    number = 2
    candidate = target
    while os.path.lexists(candidate):
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        number += 1
    return candidate


def _write_atomically(target: Path, data: bytes, replace: bool) -> Path:
    """A reader (the printer queue) never sees half a file; a failure leaves the old one. Only
    a regular file is ever replaced, and only when asked."""
    if os.path.lexists(target):
        if not stat.S_ISREG(os.lstat(target).st_mode):
            raise Refused(
                f"argument --sortie : « {target} » existe et n'est pas un fichier ordinaire "
                "(lien, périphérique, tube…) : choisir un autre nom"
            )
        if not replace:
            target = _free_name(target)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise Refused(
                f"argument --sortie : « {target} » ne peut pas être écrit ({systeme.raison(error)})"
            ) from None
        raise
    return target
