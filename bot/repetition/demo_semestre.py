"""The demo's change of semester (règles §7): a small second subdivision (40 internes of MG, one
list) ranked, called and closed with the command line, then `amphi semestre suivant --oui` and
`amphi listes` in the new semester."""

import asyncio
from collections.abc import Callable
from pathlib import Path

from bot.repetition import lecture

CONFIG = """
[semestre]
code = "2026-11"
circonscription = "Amiens"

[[listes]]
nom = "MG"
formation = "medecine"
discipline = "Médecine générale"
ordre = 1

[[maquettes]]
des = "Médecine générale"
semestres = 8
phases = { socle = 2, approfondissement = 4, consolidation = 2 }
"""
GROUPES = (  # (how many, promotion, semestres validés, phase, stages recorded before)
    (20, 2024, 4, "approfondissement", ()),
    (12, 2023, 5, "approfondissement", (
        ("2023-11", "socle"), ("2024-05", "socle"), ("2024-11", "approfondissement"),
        ("2025-05", "approfondissement"), ("2025-11", "approfondissement"),
    )),
    (8, 2022, 7, "consolidation", ()),
)  # fmt: skip
"""20 in the middle of their DES; 12 in the last semester of their approfondissement (they move
on); 8 in their last semester (fin d'internat once carried)."""
POSTES = 20


def _files(out: Path) -> tuple[Path, Path, Path]:
    internes = ["id,nom,prenom,formation,des,discipline,circonscription,promotion,concours,"
                "rang_concours,semestres_valides,phase,telephone"]  # fmt: skip
    stages = ["interne,semestre,terrain,etablissement,type,phase,valide"]
    number = 0
    for count, promotion, valides, phase, before in GROUPES:
        for _ in range(count):
            number += 1
            who = f"S{number:02d}"
            internes.append(
                f"{who},Nom{who},Prénom,medecine,Médecine générale,Médecine générale,Amiens,"
                f"{promotion},EDN,{number},{valides},{phase},06 10 00 00 {number:02d}"
            )
            stages += [f"{who},{code},Cabinet Amiens n°{number},,SN2,{kind},oui"
                       for code, kind in before]  # fmt: skip
    postes = ["id,terrain,liste,capacite,type"] + [
        f"MG-{n},Cabinet Abbeville n°{n},MG,2,{('SN2', 'Libre', 'SASPAS')[n % 3]}"
        for n in range(1, POSTES + 1)
    ]
    written = []
    for name, lines in (("internes", internes), ("stages", stages), ("postes", postes)):
        path = out / f"{name}_semestre.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written[0], written[1], written[2]


def semestre_suivant(out: Path, amphi: Callable[..., tuple[int, str, str]]) -> None:
    """Winter ranked, called and closed on the command line (quietly), then the change shown."""
    folder = out / "semestres"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.sqlite3*"):
        old.unlink()
    config = folder / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    database = folder / "amphi.sqlite3"
    base = ("--db", str(database), "--config", str(config))
    internes, stages, postes = _files(folder)

    def ok(*args: str) -> str:
        status, said, errors = amphi(*args, *base)
        if status != 0:
            raise RuntimeError(f"amphi {' '.join(args)} : {errors or said}")
        return said

    ok("import", "internes", str(internes), "--oui")
    ok("import", "stages", str(stages), "--oui")
    ok("import", "postes", str(postes), "--oui")
    ok("preclassement", "--liste", "MG")
    groups = asyncio.run(lecture.groupes(database, config, "MG"))
    for number, members in groups:
        ok("exaequo", "ordonner", "--groupe", str(number), *members, "--liste", "MG")
    if groups:
        ok("exaequo", "valider", "--liste", "MG")
    ok("final", "valider", "--liste", "MG")
    ok("appel", "ouvrir", "--oui", "--liste", "MG")
    ordre = asyncio.run(lecture.ordre(database, config, "MG"))
    for n, who in enumerate(ordre):
        ok("appel", "choisir", who, f"MG-{n // 2 + 1}", "--liste", "MG")
    ok("appel", "clore", "--liste", "MG")
    print(f"Une autre subdivision : {sum(g[0] for g in GROUPES)} internes de MG, la liste appelée "
          "et close (amphi appel).")  # fmt: skip
    print("\n$ amphi semestre suivant --oui")
    print(ok("semestre", "suivant", "--oui").rstrip())
    print("\n$ amphi listes   # le nouveau semestre : rien n'est encore classé")
    print(ok("listes").rstrip())
    print("\n$ amphi listes --semestre 2026-11   # l'ancien, gardé à côté de la base")
    print(ok("listes", "--semestre", "2026-11").rstrip())
    print(
        f"\n$ amphi validation {ordre[-1]} 2026-11 non --oui   # stage non validé par la commission"
    )
    print(ok("validation", ordre[-1], "2026-11", "non", "--oui").rstrip())
