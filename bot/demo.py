"""`make demo`: amphi's main job, offline, on a generated subdivision, through the real CLI."""

import contextlib
import csv
import io
from pathlib import Path

from bot import cli

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "demo"
PERIMETRE = [
    "--semestre", "2026-11", "--formation", "medecine", "--circonscription", "Amiens",
    "--discipline", "Médecine générale", "--config", str(ROOT / "config.example.toml"),
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
    print(amphi("exemple", "--internes", "1500", "--circonscription", "Amiens", "--graine", "7",
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


if __name__ == "__main__":
    main()
