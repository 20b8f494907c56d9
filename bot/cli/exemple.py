"""`amphi exemple`: a file of fictitious but realistic internes (demo, training, bench)."""

import argparse
from pathlib import Path

from bot.cli.session import entier
from bot.repetition.exemple import DUREES_DES, SUBDIVISIONS, generate, to_csv
from ranking.errors import Refused


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "exemple",
        help="écrire un fichier d'internes fictifs mais réalistes (démonstration, formation)",
        description="Cinq promotions, sans homonymes ; les internes de médecine générale qui ont "
        "validé ses 8 semestres y sont inactifs, comme dans un vrai fichier.",
    )
    parser.add_argument(
        "--internes", type=entier(5, 200_000), default=50_000, help="nombre d'internes"
    )
    parser.add_argument(
        "--annee", type=entier(2000, 2100), default=2026, help="semestre d'hiver de cette année"
    )
    parser.add_argument(
        "--graine", type=entier(0, 2**63), default=1, help="même graine, même fichier"
    )
    parser.add_argument(
        "--circonscription", action="append", choices=list(SUBDIVISIONS), help="répétable"
    )
    parser.add_argument("--sortie", required=True, metavar="FICHIER.csv")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    rows = generate(args.internes, args.annee, args.graine, args.circonscription, DUREES_DES)
    try:
        Path(args.sortie).write_bytes(to_csv(rows))
    except OSError as error:
        raise Refused(f"argument --sortie : « {args.sortie} » : {error.strerror}") from None
    return f"{len(rows)} internes écrits dans {args.sortie}\n"
