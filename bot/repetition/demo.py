"""`make demo`: amphi's main job, offline, on a generated subdivision, through the real CLI."""

import asyncio
import contextlib
import csv
import io
import os
import shutil
import sys
from pathlib import Path

from bot import cli
from bot.operations import editions as edition_builders
from bot.repetition import demo_semestre, lecture

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config.example.toml"
OUT = Path(os.environ.get("AMPHI_DEMO_SORTIE") or ROOT / "build" / "demo")
"""Where the demo writes (its tests point it elsewhere)."""
PERIMETRE = [
    "--semestre", "2026-11", "--formation", "medecine", "--circonscription", "Amiens",
    "--discipline", "Médecine générale", "--config", str(CONFIG),
]  # fmt: skip
SEED_RIN = {
    "concours_A.csv": "id,note,bareme\nA1,425,500\nA2,327,500\nA3,318,500\nA4,253,500\n",
    "concours_B.csv": "id,note,bareme\nB1,675,700\nB2,650,700\nB3,558,700\n",
}
SEED_RI3 = {
    "rangs_A.csv": "id,rang\nA1,1\nA2,2\nA3,3\nA4,4\n",
    "rangs_B.csv": "id,rang\nB1,1\nB2,2\nB3,3\n",
}
BAD_FILE = (
    "id,nom,prenom,formation,des,discipline,circonscription,promotion,concours,rang_concours,"
    "semestres_valides\n"
    "1,Martin,Léa,medecine,Médecine générale,Médecine générale,Amiens,20x4,EDN,12,2\n"
    "2,Petit,Hugo,chirurgie,Psychiatrie,Psychiatrie,Amiens,2024,EDN,13,2\n"
    "1,Roux,Inès,medecine,Pédiatrie,,Amiens,2024,EDN,-3,2\n"
)


def amphi(*args: str) -> tuple[int, str, str]:
    """Run the real `amphi` entry point and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def title(text: str) -> None:
    print(f"\n{'═' * 100}\n{text}\n{'═' * 100}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    internes = OUT / "internes.csv"
    title("1. Un fichier d'internes réaliste : subdivision d'Amiens, 5 promotions")
    print(amphi("exemple", "--internes", "1500", "--circonscription", "Amiens", "--graine", "2",
                "--sortie", str(internes))[1])  # fmt: skip

    title("2. Pré-classement de Médecine générale (méthode IMOtEP) — début de la liste")
    _, table, _ = amphi("preclassement", "--internes", str(internes), *PERIMETRE)
    lines = table.splitlines()
    print("\n".join(lines[:16]))
    print(f"   … {len(lines) - 16} lignes de plus")
    print("\nLes ex-aequo (mêmes ancienneté, concours, stage et rang calculé) :")
    print("\n".join(lines[3:5] + [line for line in lines if "= n°" in line][:8]))

    _, table_csv, _ = amphi("preclassement", "--internes", str(internes), *PERIMETRE,
                            "--format", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(table_csv)))
    late = next(r for r in rows if r["promotion_theorique"] != r["promotion"])
    title(f"3. Pourquoi ce rang ? (un interne en retard : {late['nom']} {late['prenom']})")
    print(amphi("preclassement", "--internes", str(internes), *PERIMETRE,
                "--expliquer", late["id"])[1])  # fmt: skip
    entrant = next((r for r in rows if r["statut"] == "hors_discipline"), None)
    if entrant:
        title(f"4. Un interne hors discipline (entrant) : {entrant['nom']} {entrant['prenom']}")
        print(amphi("preclassement", "--internes", str(internes), *PERIMETRE,
                    "--expliquer", entrant["id"] + "/HD")[1])  # fmt: skip

    title("5. Méthode « pourcentage » sur la même liste (rang national / effectif national)")
    _, table, _ = amphi("preclassement", "--internes", str(internes), *PERIMETRE,
                        "--methode", "pourcentage")  # fmt: skip
    print("\n".join(table.splitlines()[:10]))

    title("6. Interclassement du CNG : les exemples du guide IMOtEP")
    for name, text in {**SEED_RIN, **SEED_RI3}.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(amphi("interclassement", "rin", *(str(OUT / n) for n in SEED_RIN))[1])
    print(amphi("interclassement", "ri3", *(str(OUT / n) for n in SEED_RI3))[1])

    title("7. Un fichier erroné est refusé en entier, chaque erreur située (code de sortie 2)")
    bad = OUT / "internes_errones.csv"
    bad.write_text(BAD_FILE, encoding="utf-8")
    status, _, errors = amphi("preclassement", "--internes", str(bad), *PERIMETRE)
    print(errors + f"(code de sortie : {status})")

    database_workflow(internes)


def database_workflow(internes: Path) -> None:
    """The same subdivision in a SQLite database: the gestionnaire's ranking phases."""
    database = OUT / "amphi.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(OUT / "sauvegardes", ignore_errors=True)  # the last run's copies of its base
    base = ("--db", str(database), "--config", str(CONFIG))
    liste = "MG consolidation"

    title("8. Base SQLite : l'import montre les changements avant de les appliquer")
    status, out, _ = amphi("import", "internes", str(internes), *base)
    print("\n".join(out.splitlines()[:4]) + "\n   …\n" + out.splitlines()[-1] + f" (code {status})")
    print(amphi("import", "internes", str(internes), "--oui", *base)[1].splitlines()[-1])
    print(amphi("import", "internes", str(internes), *base)[1])
    postes = OUT / "postes.csv"
    postes.write_text(_postes_csv(odontologie=False), encoding="utf-8")
    print(amphi("import", "postes", str(postes), "--oui", *base)[1].splitlines()[0])

    title(f"9. Les listes d'appel, puis le pré-classement enregistré de « {liste} »")
    amphi("preclassement", "--liste", liste, *base)
    print(amphi("listes", *base)[1])
    print(amphi("exaequo", "--liste", liste, *base)[1])

    title("10. Levée des ex-aequo, classement final, journal")
    for number, members in _tie_groups(database, liste):
        print(f"$ amphi exaequo ordonner --groupe {number} {' '.join(reversed(members))}")
        amphi(
            "exaequo",
            "ordonner",
            "--groupe",
            str(number),
            *reversed(members),
            "--liste",
            liste,
            *base,
        )
    print(amphi("exaequo", "valider", "--liste", liste, *base)[1].splitlines()[0])
    moved = _row_id(database, liste, 3)
    print(f"$ amphi final monter {moved}")
    print("\n".join(amphi("final", "monter", moved, "--liste", liste, *base)[1].splitlines()[:8]))
    amphi("final", "valider", "--liste", liste, *base)
    print("\n" + amphi("journal", "--liste", liste, *base)[1])
    status, _, errors = amphi("rouvrir", "--liste", liste, "--motif", "remords", *base)
    print(f'$ amphi rouvrir --liste "{liste}" --motif remords\n{errors}(code de sortie : {status})')
    choice_day(database, base, liste)
    editions(base, liste)
    title("13. Le semestre suivant, construit depuis celui-ci (règles §7)")
    demo_semestre.semestre_suivant(OUT, amphi)
    telegram(database)


def telegram(database: Path) -> None:
    """Choice day on Telegram: the real bot process, the emulator standing for Telegram."""
    from bot.repetition import demo_telegram

    title(f"14. Le jour des choix sur Telegram : « {demo_telegram.LISTE} », le vrai bot, "
          "l'émulateur à la place de Telegram")  # fmt: skip
    postes = _postes_csv(odontologie=True).encode()
    figures = asyncio.run(demo_telegram.journee(database, OUT, CONFIG, postes))
    title("Bilan")
    print(f"{figures['internes']} internes sur la liste appelée sur Telegram, {figures['places']} "
          f"placés, {figures['messages']} messages "
          f"envoyés par le bot, tableau en direct affiché ou modifié {figures['tableau']} fois, "
          f"{figures['429']} refus 429 obéis, en {figures['secondes']:.0f} s. "
          f"Transcription, PDF et CSV dans {OUT}.")  # fmt: skip
    print("Pour parler au bot vous-même sur cette base : .venv/bin/amphi emulateur chat "
          "--db build/demo/amphi.sqlite3 --config build/demo/config_telegram.toml "
          "[--comme interne:ID]")  # fmt: skip


def choice_day(database: Path, base: tuple[str, ...], liste: str) -> None:
    """The call of the list: the check before the day, a procuration, a surnombre, a place the
    maquette refuses, an absent who arrives, an undo."""
    title("11. Le jour des choix, depuis un ordinateur (ce que le bot pilotera)")
    first, second, third, fourth, fifth = (_row_id(database, liste, n) for n in range(1, 6))
    stages = OUT / "stages.csv"
    stages.write_text(
        "interne,semestre,terrain,etablissement,type,phase,valide\n"
        f"{first},2024-11,CHU Amiens-Picardie — Urgences,CHU Amiens-Picardie,Urgences,socle,oui\n",
        encoding="utf-8",
    )
    wishes = ("--voeux", "SAS-001", "SAS-002", "SAS-003")
    for args in (
        ("procuration", first, "--telephone", "06 98 76 54 32", "--voeux", "CHU-001", *wishes[1:3]),
        ("import", "stages", str(stages), "--oui"),
        ("procuration", third, "--telephone", "06 12 34 56 78", *wishes),
        ("particulier", fifth, "--liste", liste, "--surnombre", "validant"),
    ):
        print(f"$ amphi {' '.join(args)}\n{amphi(*args, *base)[1].splitlines()[0]}")
    print(f'\n$ amphi verifier --liste "{liste}"   # sa procuration date d\'avant ses stages')
    print("\n".join(_premieres(amphi("verifier", "--liste", liste, *base)[1], 6)))
    status, out, errors = amphi("appel", "ouvrir", "--liste", liste, *base)
    print(f"\n$ amphi appel ouvrir\n{(errors or out).splitlines()[0]}")
    print(f"  … (code de sortie {status} : rien n'est ouvert sans confirmation)")
    print("$ amphi appel ouvrir --oui   # lu, confirmé : le journal le garde")
    opened = amphi("appel", "ouvrir", "--oui", "--liste", liste, *base)[1]
    print("\n".join(opened.splitlines()[:3]))
    for args in (
        ("choisir", first, "CHU-001"),
        ("choisir", first, "SAS-001"),
        ("absent", second),
        ("absent", third),
        ("arrivee", second),
        ("choisir", fourth, "SAS-002"),
        ("annuler",),
        ("choisir", fourth, "SAS-004"),
        ("choisir", second, "SAS-002"),
        ("choisir", fifth, "SAS-002"),
    ):
        status, out, errors = amphi("appel", *args, "--liste", liste, *base)
        said = (out or errors).splitlines()[0]
        print(f"$ amphi appel {' '.join(args)}\n  {said}" + (f" (code {status})" if status else ""))
    print("\n$ amphi appel")
    print("\n".join(amphi("appel", "--liste", liste, *base)[1].splitlines()[:12]))
    print("\n$ amphi appel resultats")
    print("\n".join(amphi("appel", "resultats", "--liste", liste, *base)[1].splitlines()[:9]))


def _premieres(text: str, count: int) -> list[str]:
    """The first lines of a long output, and how many more there were."""
    lines = text.splitlines()
    return lines[:count] + (
        [f"   … {len(lines) - count} ligne(s) de plus"] if len(lines) > count else []
    )


def editions(base: tuple[str, ...], liste: str) -> None:
    """The PDFs of the list, written beside the demo's files."""
    title("12. Les éditions PDF : liste d'appel, émargement, résultats")
    for edition in ("appel", "emargement", "resultats"):
        target = OUT / edition_builders.default_name(edition, liste)
        status, out, errors = amphi(
            "pdf", edition, "--liste", liste, "--sortie", str(target), "--remplacer", *base
        )
        print(f'$ amphi pdf {edition} --liste "{liste}"\n  {(out or errors).strip()}')
    status, _, errors = amphi("pdf", "appel", "--liste", "MG socle", *base)
    print(f'$ amphi pdf appel --liste "MG socle"\n  {errors.strip()} (code de sortie : {status})')


def _postes_csv(odontologie: bool) -> str:
    """Postes for the Médecine générale lists (cabinets: SN1/SN2, SASPAS), and with
    `odontologie` those of Odontologie too (the file the gestionnaire sends from his phone)."""
    lines = ["id,terrain,liste,capacite,libelle,type,etablissement"]
    for liste, prefix, count, kind in (
        ("MG socle", "SN1", 70, "SN1"),
        ("MG approfondissement", "SN2", 120, "SN2"),
        ("MG consolidation", "SAS", 110, "SASPAS"),
        *([("Odontologie", "ODO", 25, "CHU")] if odontologie else []),
    ):
        for number in range(1, count + 1):
            town = ("Amiens", "Abbeville", "Beauvais", "Compiègne", "Saint-Quentin")[number % 5]
            lines.append(
                f"{prefix}-{number:03d},Cabinet {town} n°{number},{liste},2,{kind} {town},{kind},"
            )
    for number, service in enumerate(("Gériatrie", "Médecine polyvalente"), start=1):
        terrain = f"CHU Amiens-Picardie — {service}"
        lines.append(f"CHU-{number:03d},{terrain},MG consolidation,1,,Libre,CHU Amiens-Picardie")
    return "\n".join(lines) + "\n"


def _tie_groups(database: Path, liste: str) -> list[tuple[int, list[str]]]:
    """The tie groups of a stored list, members in their displayed order."""
    return asyncio.run(lecture.groupes(database, CONFIG, liste))


def _row_id(database: Path, liste: str, position: int) -> str:
    return asyncio.run(lecture.interne_au_rang(database, CONFIG, liste, position))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ndémonstration interrompue (Ctrl-C).", file=sys.stderr)
        sys.exit(130)
