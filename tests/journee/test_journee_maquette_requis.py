"""The maquette's rule of a required type (règles §6, reading (d)), through the real bot on the
emulator and the real `amphi` command: an interne late in his phase is held to the SASPAS he
misses; one in the last semester of his phase whose only open SASPAS is at the CHU he may no
longer join is not held (he takes an allowed poste); the simulation tells an interne his voeu
by its number in his list as he gave it, and which voeux the maquette set aside and why."""

import asyncio
import os
from pathlib import Path

from bot.operations import comptes, imports, voeux
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.cli_harness import AMPHI
from tests.conftest import csv_bytes, interne

EXAMPLE = (Path(__file__).parents[2] / "config.example.toml").read_text(encoding="utf-8")
AMIENS = EXAMPLE[EXAMPLE.index("[[maquettes]]") : EXAMPLE.index("[sauvegardes]")]
CONFIG = db_setup.CONFIG + AMIENS
CHU = "CHU Amiens-Picardie"
POSTES = (
    "id,terrain,liste,capacite,type,etablissement\n"
    "SAS-1,Cabinet Abbeville,MG,1,SASPAS,\n"
    f"SAS-CHU,{CHU} — Médecine générale,MG,1,SASPAS,{CHU}\n"
    "PED-1,CH Beauvais — Pédiatrie,MG,2,Pédiatrie,\n"
    "URG-1,CH Abbeville — Urgences,MG,1,Urgences,\n"
)
APPROFONDISSEMENT = (
    ("2025-05", "Cabinet Albert", "", "SN2"),
    ("2025-11", "CH Amiens Sud — Urgences", "", "Urgences"),
    ("2026-05", "CH Beauvais — Pédiatrie", "", "Pédiatrie"),
)
STAGES = "interne,semestre,terrain,etablissement,type,phase,valide\n" + "".join(
    [f"{who},{semestre},{terrain},{where},{kind},approfondissement,oui\n"
     for who in ("1", "2", "3") for semestre, terrain, where, kind in APPROFONDISSEMENT]
    + ["1,2024-11,CH Abbeville — Gynécologie,,Gynécologie,approfondissement,oui\n",
       f"2,2023-11,{CHU} — Urgences,{CHU},Urgences,socle,oui\n"]
)  # fmt: skip
"""Approfondissement lasts 4 semesters at Amiens: 1 has 4 stages in it (late), 2 and 3 have 3
(the last semester); none has his SASPAS; 2 did his stage at the CHU in socle."""
SET_ASIDE = (
    "un SASPAS et un stage libre en phase d'approfondissement : dernier semestre de la phase "
    "approfondissement, il lui manque un stage SASPAS (encore offert)"
)


async def _semestre(path: Path) -> str:
    """Three internes of MG in approfondissement, ranked; 1's pré-choix: SAS-1. 3's code."""
    config = db_setup.config(CONFIG)
    rows = [interne(str(n), phase="approfondissement") for n in range(1, 4)]
    database = await Database.open(path)
    await db_setup.import_all(database, config, csv_bytes(rows), POSTES.encode())
    ctx = Contexte(database, config, "Mme Durand")
    await db_setup.rank_to_final(database, config, "MG")
    await imports.appliquer(ctx, imports.lire("stages", STAGES.encode(), "stages.csv", config))
    await voeux.enregistrer_prechoix(ctx, "1", ["SAS-1"])
    code = await comptes.inviter(ctx, "3")
    await database.close()
    return code


async def _amphi(path: Path, *args: str) -> str:
    """`amphi … --db` in its own process while the bot runs on: its output."""
    process = await asyncio.create_subprocess_exec(
        AMPHI, *args, "--db", str(path), cwd=path.parent,
        env={**os.environ, "AMPHI_AUTEUR": "Mme Durand"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def _prechoix(bot, user, postes: list[str]):
    """His pré-choix entered on the phone, in this order: the bot's answer."""
    emu = bot.emulateur
    picker = await bot.dire(user, "/prechoix")
    for poste in postes:
        data = next(d for t, d in emu.dernier(user.id).boutons if t.endswith(f"· {poste}"))
        edits = picker.modifications
        query = await emu.appuyer(user, picker, data)
        await emu.attendre(
            lambda q=query, e=edits: emu.callbacks[q]["answered"] and picker.modifications > e
        )
    count = len(emu.recus(user.id))
    await emu.appuyer(user, picker, next(d for t, d in picker.boutons if t.startswith("Terminer")))
    summary = await emu.reponse(user.id, count)
    count = len(emu.recus(user.id))
    await emu.appuyer(user, summary, next(d for t, d in summary.boutons if t == "Confirmer"))
    return await emu.reponse(user.id, count)


async def test_the_simulation_numbers_a_voeu_as_given_and_says_what_the_maquette_set_aside(
    tmp_path,
):
    path = tmp_path / "amphi.sqlite3"
    code = await _semestre(path)
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    async with bot_running(db_setup.config(CONFIG), path) as bot:
        lea = bot.emulateur.utilisateur(1003, "Léa")
        await bot.dire(lea, f"/start {code}")
        answer = await _prechoix(bot, lea, ["PED-1", "SAS-1", "URG-1", "SAS-CHU"])
        assert answer.text.startswith("Vœux de pré-choix enregistrés.")
        said = (  # 1 takes SAS-1 before her; SAS-CHU still open and hers to take
            "Avec les vœux enregistrés à ce jour, vous obtiendriez votre 4e vœu (SAS-CHU). "
            "Pris avant votre tour : SAS-1. Écartés par la maquette : "
            f"votre 1er vœu (PED-1) — {SET_ASIDE} ; votre 3e vœu (URG-1) — {SET_ASIDE}."
        )
        assert said in answer.text
        assert await _amphi(path, "simulation", "--liste", "MG", "--interne", "3") == said + "\n"
        table = await _amphi(path, "simulation", "--liste", "MG")
        assert (
            "Vœux écartés par la maquette à leur tour :\n3 Nom3 Prénom : Écartés par la "
            f"maquette : son 1er vœu (PED-1) — {SET_ASIDE} ; son 3e vœu (URG-1)"
        ) in table


async def test_a_call_held_to_a_required_type_only_while_one_he_may_take_is_open(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await _semestre(path)
    async with bot_running(db_setup.config(CONFIG), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        screen = await press(bot, g, screen, "Ouvrir le choix")
        if "Ouvrir malgré" in " ".join(text for text, _ in screen.boutons):
            screen = await press(bot, g, screen, "Ouvrir malgré")
        assert "Appelé : rang 1" in screen.text

        postes = await press(bot, g, screen, "a choisi…")  # 1: late in his phase, held
        refused = await press(bot, g, postes, "PED-1")
        assert refused.text.startswith("⛔ 1 ne peut pas prendre PED-1 : ")
        assert "il lui manque un stage SASPAS (encore offert)" in refused.text
        postes = await press(bot, g, await press(bot, g, refused, "◀ Retour"), "a choisi…")
        done = await press(bot, g, postes, "SAS-1")
        assert done.text.splitlines()[0] == "✔ 1 prend le poste SAS-1"

        postes = await press(bot, g, done, "a choisi…")  # 2: the only SASPAS left is at the CHU
        done = await press(bot, g, postes, "PED-1")
        assert done.text.splitlines()[0] == "✔ 2 prend le poste PED-1"
