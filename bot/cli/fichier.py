"""`amphi preclassement` and `amphi interclassement`: the ranking rules from the command line."""

import argparse
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from bot.cli import session
from bot.cli.classement import run_stored_preclassement
from bot.cli.tables import aligned
from bot.operations.config import all_or_nothing, load_config, read_bytes
from bot.operations.rows import row_key, statut_label
from bot.operations.tableur import csv_text
from ranking.classement import PreClassement, cng_rank, preclassement, restrict
from ranking.config import Methode
from ranking.errors import InvalidInput, Problem
from ranking.explain import expliquer, rang_calcule_text
from ranking.importer import read_internes
from ranking.interclassement import (
    Interclasse,
    check_distinct_ids,
    parse_notes,
    parse_rangs,
    ri3,
    rin,
)
from ranking.model import Formation, Phase, Semestre
from ranking.perimeter import resolve_perimetre
from ranking.text import fold, format_decimal

CSV_COLUMNS = (
    "rang", "id", "nom", "prenom", "statut", "sortant", "semestres_valides", "concours",
    "promotion", "promotion_theorique", "rang_local", "rang_calcule", "ex_aequo",
    "groupe_ex_aequo", "discipline", "des", "phase", "source_rang_cng", "rang_cng",
    "effectif_promotion", "effectif_promotion_theorique", "rang_calcule_exact",
)  # fmt: skip
TABLE_COLUMNS = (
    "Rang", "Ex-aequo", "Nom", "Prénom", "Id", "Statut", "Sem.", "Concours", "Promo",
    "Promo théo.", "Rang local", "Rang calculé",
)  # fmt: skip


def add_parsers(commands: argparse._SubParsersAction) -> None:
    pre = commands.add_parser(
        "preclassement",
        help="pré-classement d'une liste enregistrée (--liste) ou d'un fichier d'internes",
        description="Calcule le pré-classement (ancienneté, concours, stage, rang calculé). "
        "Avec --liste, sur la base et enregistré ; sinon depuis --internes, sans rien enregistrer.",
    )
    pre.add_argument("--liste", help="liste d'appel de la base : calcule et enregistre")
    pre.add_argument("--db", help=f"base SQLite, avec --liste (défaut : {session.DEFAULT_DB})")
    pre.add_argument("--auteur", help="nom inscrit au journal (avec --liste)")
    pre.add_argument("--internes", metavar="FICHIER", help="CSV ou XLSX")
    pre.add_argument("--semestre", metavar="AAAA-MM", help="2026-11 ou 2027-05")
    pre.add_argument("--formation", help="medecine, pharmacie ou odontologie")
    pre.add_argument("--circonscription", help="subdivision, ex. Amiens")
    pre.add_argument("--discipline", help="discipline ou groupe (médecine)")
    pre.add_argument("--config", metavar="FICHIER.toml", help="groupes, méthode, effectifs")
    pre.add_argument("--methode", choices=[m.value for m in Methode], help="remplace la config")
    pre.add_argument("--phase", choices=[p.value for p in Phase], help="liste d'une seule phase")
    pre.add_argument("--format", choices=["table", "csv"], default="table")
    pre.add_argument("--expliquer", metavar="ID", help="expliquer le rang d'un interne (ID/HD)")
    pre.add_argument(
        "--abandonner-deplacements", action="store_true",
        help="avec --liste : relancer même si des déplacements du classement final ne "
        "s'appliquent plus (ils sont abandonnés, et inscrits au journal)",
    )  # fmt: skip
    pre.set_defaults(run=run_preclassement)

    inter = commands.add_parser(
        "interclassement",
        help="rangs inter-concours du CNG (RIN par les notes, RI3 par la règle de trois)",
        description="Un fichier par concours ; le nom du fichier donne le nom du concours. "
        "rin : colonnes id, note, bareme. ri3 : colonnes id, rang.",
    )
    inter.add_argument("methode", choices=["rin", "ri3"])
    inter.add_argument("fichiers", nargs="+", metavar="FICHIER")
    inter.add_argument("--format", choices=["table", "csv"], default="table")
    inter.set_defaults(run=run_interclassement)


_FILE_ONLY = (
    ("--internes", "internes"), ("--semestre", "semestre"), ("--formation", "formation"),
    ("--circonscription", "circonscription"), ("--discipline", "discipline"),
    ("--methode", "methode"), ("--phase", "phase"),
)  # fmt: skip


def run_preclassement(args: argparse.Namespace) -> str:
    """With --liste, on the stored list (run, or `--expliquer` from the stored order without
    running); without, from a file, nothing stored."""
    if args.liste:
        mixed = [option for option, name in _FILE_ONLY if getattr(args, name)]
        if mixed:
            raise InvalidInput(
                "",
                [
                    Problem(
                        f"argument {option} : sans effet avec --liste (la configuration et la "
                        "base donnent le périmètre, la méthode et les internes) ; le retirer"
                    )
                    for option in mixed
                ],
            )
        return run_stored_preclassement(args)
    missing = [
        option
        for option, value in (
            ("--internes", args.internes),
            ("--semestre", args.semestre),
            ("--formation", args.formation),
            ("--circonscription", args.circonscription),
        )
        if not value
    ]
    if args.abandonner_deplacements:
        missing.append("--liste (--abandonner-deplacements ne vaut que pour une liste)")
    if missing:
        raise InvalidInput(
            "",
            [
                Problem(
                    f"arguments obligatoires manquants : {', '.join(missing)} (ou --liste LISTE)"
                )
            ],
        )
    semestre, formation, config, fichier = all_or_nothing(
        lambda: Semestre.parse(args.semestre),
        lambda: _formation(args.formation),
        lambda: load_config(args.config).classement,
        lambda: read_internes(read_bytes(args.internes, "--internes"), args.internes),
    )
    if args.methode:
        config = replace(config, methode=Methode(args.methode))
    internes = fichier.de(formation, args.circonscription)
    perimetre = resolve_perimetre(
        formation, args.circonscription, args.discipline, config.groups, list(internes),
        fichier.circonscriptions(),
    )  # fmt: skip
    pre = preclassement(internes, perimetre, semestre, config)
    if args.phase:
        pre = restrict(pre, lambda ligne: ligne.interne.phase == Phase(args.phase))
    if args.expliquer:
        return expliquer(pre, row_key(args.expliquer, "--expliquer")) + "\n"
    if args.format == "csv":
        return csv_text(CSV_COLUMNS, [_csv_row(pre, ligne) for ligne in pre.lignes])
    return _table(pre)


def _formation(text: str) -> Formation:
    for formation in Formation:
        if fold(text) == formation.value:
            return formation
    raise InvalidInput(
        "",
        [
            Problem(
                f"argument --formation : « {text} » inconnue (medecine, pharmacie ou odontologie)"
            )
        ],
    )


def _csv_row(pre: PreClassement, ligne) -> list[str]:
    interne, calcul = ligne.interne, ligne.calcul
    source, rank = cng_rank(interne)
    exact = Fraction(calcul.rang_calcule)
    return [
        str(ligne.rang), interne.id, interne.nom, interne.prenom, ligne.statut.value,
        "oui" if ligne.sortant else "non", str(interne.semestres_valides),
        interne.concours.value, str(interne.promotion), str(calcul.promotion_theorique),
        str(calcul.rang_local), rang_calcule_text(ligne, pre.methode).replace(",", "."),
        "oui" if ligne.ex_aequo else "non", str(ligne.groupe or ""), interne.discipline or "",
        interne.des, interne.phase.value if interne.phase else "", source,
        str(Fraction(rank)), str(calcul.effectif_promotion),
        str(calcul.effectif_promotion_theorique), str(exact),
    ]  # fmt: skip


def _table(pre: PreClassement) -> str:
    groups = pre.groupes()
    ties = {0: "aucun ex-aequo", 1: "1 groupe d'ex-aequo à lever"}.get(
        len(groups), f"{len(groups)} groupes d'ex-aequo à lever"
    )
    title = (
        f"Pré-classement — {pre.perimetre.label} — {pre.semestre.label} — "
        f"méthode {pre.methode.label}\n{len(pre.lignes)} internes, {ties}"
    )
    rows = [
        [
            str(ligne.rang),
            f"= n°{ligne.groupe}" if ligne.groupe else "",
            ligne.interne.nom,
            ligne.interne.prenom,
            ligne.interne.id,
            statut_label(ligne),
            str(ligne.interne.semestres_valides),
            ligne.interne.concours.value,
            str(ligne.interne.promotion),
            str(ligne.calcul.promotion_theorique),
            str(ligne.calcul.rang_local),
            rang_calcule_text(ligne, pre.methode),
        ]
        for ligne in pre.lignes
    ]
    return f"{title}\n\n{aligned(TABLE_COLUMNS, rows, right={0, 6, 8, 9, 10, 11})}\n"


def run_interclassement(args: argparse.Namespace) -> str:
    tables = {}
    for path in args.fichiers:
        data = read_bytes(path, "FICHIER")
        parse = parse_notes if args.methode == "rin" else parse_rangs
        tables[Path(path).stem] = parse(data, path)
    check_distinct_ids(tables)
    result = rin(tables) if args.methode == "rin" else ri3(tables)
    value_column = "note_sur_1000" if args.methode == "rin" else "ri3"
    header = ("rang", "id", "concours", value_column)
    if args.format == "csv":
        return csv_text(header, [_inter_row(r, ".") for r in result])
    title = (
        "Interclassement par les notes (RIN), notes ramenées sur 1000"
        if args.methode == "rin"
        else "Interclassement par la règle de trois (RI3) : "
        "rang × effectif total / effectif du concours"
    )
    return f"{title}\n\n{aligned(header, [_inter_row(r, ',') for r in result], right={0, 3})}\n"


def _inter_row(row: Interclasse, separator: str) -> list[str]:
    return [str(row.rang), row.id, row.concours, format_decimal(row.valeur, 2, separator)]
