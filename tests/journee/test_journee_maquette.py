"""A choice day with Amiens' MG maquette, through the real bot and the emulator (règles §6): the
opening confirmed over the verifier's finding, a second SASPAS refused in person and skipped in
a procuration, a remote chooser offered only what he may take, a last-semester interne held to
the type he misses, one place forced hors maquette and printed so on the results' PDF."""

from pathlib import Path

import pdfplumber

from bot.operations import comptes, imports, voeux
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press, press_confirmed
from tests.conftest import csv_bytes, interne

EXAMPLE = (Path(__file__).parents[2] / "config.example.toml").read_text(encoding="utf-8")
AMIENS = EXAMPLE[EXAMPLE.index("[[maquettes]]") : EXAMPLE.index("[sauvegardes]")]
CONFIG = db_setup.CONFIG + AMIENS + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
POSTES = (
    "id,terrain,liste,capacite,type,etablissement\n"
    "SAS-1,Cabinet Abbeville,MG,2,SASPAS,\n"
    "SN2-1,Cabinet Albert,MG,2,SN2,\n"
    "LIB-1,CH Beauvais — Médecine,MG,2,Libre,\n"
    "PED-1,CH Beauvais — Pédiatrie,MG,2,Pédiatrie,\n"
    "CHU-1,CHU Amiens-Picardie — Gériatrie,MG,1,Libre,CHU Amiens-Picardie\n"
)
STAGES = "interne,semestre,terrain,etablissement,type,phase,valide\n" + "".join(
    f"{who},{semestre},{terrain},{where},{kind},{phase},oui\n"
    for who, semestre, terrain, where, kind, phase in (
        ("1", "2026-05", "Cabinet Corbie", "", "SASPAS", "approfondissement"),
        ("2", "2026-05", "Cabinet Corbie", "", "SASPAS", "approfondissement"),
        ("3", "2026-05", "Cabinet Corbie", "", "SASPAS", "approfondissement"),
        ("4", "2025-05", "Cabinet Corbie", "", "SASPAS", "approfondissement"),
        ("4", "2025-11", "CH Abbeville — Urgences", "", "Urgences", "approfondissement"),
        ("4", "2026-05", "CH Abbeville — Pédiatrie", "", "Pédiatrie", "approfondissement"),
        ("5", "2024-11", "CHU Amiens-Picardie — Urgences", "CHU Amiens-Picardie", "Urgences",
         "socle"),
    )
)  # fmt: skip


async def _semestre(path) -> str:
    """Six internes of MG in approfondissement, ranked; 2's procuration given before his
    stages were known; 3 bound to Telegram (he chooses from a distance). 3's code."""
    config = db_setup.config(CONFIG)
    rows = [interne(str(n), phase="approfondissement") for n in range(1, 7)]
    database = await Database.open(path)
    await db_setup.import_all(database, config, csv_bytes(rows), POSTES.encode())
    ctx = Contexte(database, config, "Mme Durand")
    await db_setup.rank_to_final(database, config, "MG")
    await voeux.deposer_procuration(ctx, "2", "06 12 34 56 78", ["SAS-1", "SN2-1", "LIB-1"], None)
    await imports.appliquer(ctx, imports.lire("stages", STAGES.encode(), "stages.csv", config))
    code = await comptes.inviter(ctx, "3")
    await database.close()
    return code


def _ids(message) -> list[str]:
    return [text.rsplit(" · ", 1)[1] for text, _ in message.boutons if " · " in text]


async def test_a_day_held_to_the_maquette(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    code = await _semestre(path)
    async with bot_running(db_setup.config(CONFIG), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        lea = emu.utilisateur(1003, "Léa")
        await bot.dire(lea, f"/start {code}")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        asked = await press(bot, g, screen, "Ouvrir le choix")
        assert "[procuration] 2 : sa procuration n'a que 2 vœu(x)" in asked.text
        assert "[stages] 4 Nom4 Prénom : 4 semestre(s) validé(s), 3 stage(s) validé(s)" in (
            asked.text  # his stages recorded say otherwise than his ancienneté
        )
        screen = await press(bot, g, asked, "Ouvrir malgré 6 constat(s)")
        assert "Appelé : rang 1" in screen.text

        postes = await press(bot, g, screen, "a choisi…")  # 1: a second SASPAS
        refused = await press(bot, g, postes, "SAS-1")
        assert refused.text.startswith("⛔ 1 ne peut pas prendre SAS-1 : deuxième SASPAS")
        postes = await press(bot, g, await press(bot, g, refused, "◀ Retour"), "a choisi…")
        done = await press(bot, g, postes, "LIB-1")
        assert done.text.splitlines()[0] == "✔ 1 prend le poste LIB-1"

        assert "SAS-1 (⛔ hors maquette)" in done.text  # 2's procuration, read before absent
        done = await press_confirmed(bot, g, done, "absent…")
        assert "2 prend le poste SN2-1 (par procuration)" in done.text.splitlines()[0]

        await emu.attendre(lambda: "🔔 MG : c'est votre tour !" in bot.alertes(lea))
        turn = next(m for m in emu.recus(lea.id) if m.text == "🔔 MG : c'est votre tour !")
        picker = await press(bot, lea, turn, "Choisir mon poste")  # 3, from a distance
        assert "SAS-1" not in _ids(picker) and "LIB-1" in _ids(picker)
        assert "1 poste(s) libre(s) masqué(s) : votre maquette ne les permet pas." in picker.text
        confirm = await press(bot, lea, picker, "SN2-1")
        chosen = await press(bot, lea, confirm, "Confirmer SN2-1")
        assert chosen.text == "✔ Vous avez choisi Cabinet Albert (SN2-1)."

        await emu.attendre(lambda: "Appelé : rang 4" in done.text)  # the screen followed
        postes = await press(bot, g, done, "a choisi…")  # 4: last semester, no Libre/SN2 yet
        assert set(_ids(postes)) == {"SAS-1", "LIB-1", "PED-1", "CHU-1"}
        refused = await press(bot, g, postes, "PED-1")
        assert "il lui manque un stage Libre / SN2 (encore offert)" in refused.text
        postes = await press(bot, g, await press(bot, g, refused, "◀ Retour"), "a choisi…")
        done = await press(bot, g, postes, "LIB-1")
        assert done.text.splitlines()[0] == "✔ 4 prend le poste LIB-1"

        postes = await press(bot, g, done, "a choisi…")  # 5: a second stage at the CHU
        refused = await press(bot, g, postes, "CHU-1")
        assert "un seul stage au CHU d'Amiens sur tout le DES" in refused.text
        await press(bot, g, refused, "Forcer hors maquette…", nouveaux=1)
        shown = await bot.dire(g, "Décision de la coordination du DES")
        forced = await press(bot, g, shown, "Confirmer hors maquette", nouveaux=1)
        assert forced.text.startswith("✔ 5 prend le poste CHU-1 (hors maquette : Décision")

        await emu.attendre(lambda: "Appelé : rang 6" in refused.text)
        postes = await press(bot, g, refused, "a choisi…")  # 6: nothing done, all allowed
        done = await press(bot, g, postes, "SAS-1")
        closed = await press_confirmed(bot, g, done, "clore la liste…")
        assert "Choix clos." in closed.text

        sent = await press(bot, g, await bot.dire(g, "/pdf"), "MG : résultats", 1)
        (tmp_path / "resultats.pdf").write_bytes(emu.fichier(sent.document["file_id"]))
    with pdfplumber.open(tmp_path / "resultats.pdf") as pdf:
        words = pdf.pages[0].extract_words()
    row = next(w["top"] for w in words if w["text"] == "Nom5")  # his line, the mention wrapped
    column = next(w["x0"] for w in words if w["text"] == "Mention")
    line = sorted((w for w in words if abs(w["top"] - row) < 12), key=lambda w: (w["top"], w["x0"]))
    left = " ".join(w["text"] for w in line if w["x0"] < column - 2)
    assert left == "5 Nom5 Prénom CHU-1 CHU Amiens-Picardie — Gériatrie"
    mention = " ".join(w["text"] for w in line if w["x0"] >= column - 2)
    assert mention == "hors maquette : Décision de la coordination du DES"
