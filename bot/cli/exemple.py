"""`amphi exemple`: a file of fictitious but realistic internes (demo, training, bench), and
with `--postes` the postes file that goes with it (to try a whole day)."""

import argparse
from pathlib import Path

from bot.cli.session import entier
from bot.operations import systeme
from bot.operations.config import load_config
from bot.repetition.exemple import DUREES_DES, SUBDIVISIONS, generate, to_csv
from bot.repetition.exemple_postes import CONFIG_EXEMPLE, generate_postes, postes_csv
from ranking.config import Config
from ranking.errors import InvalidInput, Problem, Refused


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "exemple",
        help="écrire un fichier d'internes fictifs mais réalistes (démonstration, formation)",
        description="Cinq promotions, sans homonymes ; les internes de médecine générale qui ont "
        "validé ses 8 semestres y sont inactifs, comme dans un vrai fichier.",
    )
    parser.add_argument(
        "--internes", type=entier(5, 200_000), default=50_000,
        help="nombre d'internes, de 5 à 200 000 (défaut : 50 000)",
    )  # fmt: skip
    parser.add_argument(
        "--annee", type=entier(2000, 2100), default=2026,
        help="semestre d'hiver de cette année, de 2000 à 2100 (défaut : 2026)",
    )  # fmt: skip
    parser.add_argument(
        "--graine",
        type=entier(0, 2**63),
        default=1,
        help="même graine, même fichier (défaut : 1)",
    )
    parser.add_argument(
        "--circonscription", action="append", choices=list(SUBDIVISIONS), help="répétable"
    )
    parser.add_argument("--sortie", required=True, metavar="FICHIER.csv")
    parser.add_argument(
        "--postes", metavar="FICHIER.csv",
        help="écrire aussi les postes de ces internes : chaque liste de la configuration, assez "
        "de places pour tous, types et établissements de ses maquettes",
    )  # fmt: skip
    parser.add_argument(
        "--config", metavar="FICHIER.toml",
        help="les listes et maquettes des postes (défaut : config.example.toml)",
    )  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> str:
    if args.postes is not None and Path(args.postes).resolve() == Path(args.sortie).resolve():
        raise InvalidInput(
            "", [Problem(f"argument --postes : « {args.postes} » est déjà le fichier des internes")]
        )
    config = _config(args) if args.postes is not None else None
    rows = generate(args.internes, args.annee, args.graine, args.circonscription, DUREES_DES)
    data = to_csv(rows)
    _write(args.sortie, data, "--sortie")
    said = f"{len(rows)} internes écrits dans {args.sortie}\n"
    if config is not None:
        postes = generate_postes(data, config)
        _write(args.postes, postes_csv(postes), "--postes")
        places = sum(int(poste["capacite"]) for poste in postes)
        said += (
            f"{len(postes)} postes ({places} places, {len(config.listes)} listes) écrits dans "
            f"{args.postes}\n"
        )
    return said


def _config(args: argparse.Namespace) -> Config:
    """The configuration the postes follow: given, or the example one beside the code."""
    if args.config is not None:
        return load_config(args.config)
    if not CONFIG_EXEMPLE.is_file():
        raise Refused(
            "argument --config : la configuration d'exemple n'est pas installée ici ; donner "
            "celle du semestre (--config config.toml)"
        )
    return load_config(str(CONFIG_EXEMPLE))


def _write(path: str, data: bytes, option: str) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        raise Refused(f"argument {option} : {systeme.dire(error, path)}") from None
