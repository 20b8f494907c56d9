"""Two consecutive semesters through the real `amphi bot` process and the emulator (règles §7).

Winter 2026-11, Amiens' MG maquette: remote choices from the phone, a procuration, a surnombre
non validant, an interne in the last semester of his DES; the list closed. Then the gestionnaire
builds the next semester FROM HIS PHONE (/semestre → Construire… → Confirmer), marks a stage non
validé from his phone (/interne 5 → the stage → Marquer non validé → Confirmer), sends the summer
files (postes, three new internes), and summer is ranked and called. Nobody binds again; the
SASPAS taken in winter refuses a second one; the surnombre non validant keeps his ancienneté; the
interne at the end of his DES is in no list and told nothing; the stage marked non validé counts
neither for ancienneté nor for the maquette; winter's results still print with their journal
head; purging winter leaves every summer account and phone in place."""

import asyncio
import os
import sqlite3
from pathlib import Path

import pdfplumber

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.operations import appel as appel_operations
from bot.operations import comptes, voeux
from bot.operations.base import Contexte
from ranking.appel import Surnombre
from storage.database import Database
from tests import db_setup
from tests.bot_harness import is_alert, names
from tests.bot_process import served_bot
from tests.cli_harness import AMPHI
from tests.conftest import csv_bytes, interne

EXAMPLE = (Path(__file__).parents[2] / "config.example.toml").read_text(encoding="utf-8")
AMIENS = EXAMPLE[EXAMPLE.index("[[maquettes]]") : EXAMPLE.index("[sauvegardes]")]
CONFIG = f"""
[semestre]
code = "2026-11"
circonscription = "Amiens"

[[listes]]
nom = "MG"
formation = "medecine"
discipline = "Médecine générale"
ordre = 1

{AMIENS}
[appel]
delai_secondes = 600
a_distance = ["MG"]
"""
HIVER = (
    "id,terrain,liste,capacite,type,etablissement\n"
    "SAS-1,Cabinet Abbeville,MG,2,SASPAS,\n"
    "SN2-1,Cabinet Albert,MG,2,SN2,\n"
    "LIB-1,CH Beauvais — Médecine,MG,2,Libre,\n"
    "PED-1,CH Beauvais — Pédiatrie,MG,2,Pédiatrie,\n"
)
ETE = (
    "id,terrain,liste,capacite,type,etablissement\n"
    "SAS-2,Cabinet Corbie,MG,1,SASPAS,\n"
    "SN2-2,Cabinet Doullens,MG,3,SN2,\n"
    "LIB-2,CH Abbeville — Médecine,MG,4,Libre,\n"
    "SN1-1,Cabinet Péronne,MG,3,SN1,\n"
)
WINTER_PLACES = {"1": "LIB-1", "2": "SN2-1", "3": "SAS-1", "4": "PED-1", "5": "SAS-1",
                 "6": "LIB-1", "7": "SN2-1"}  # fmt: skip
"""Who takes what in winter: 3 and 5 a SASPAS, 4 in surnombre non validant, 2 by procuration
(his first wish), 6 typed on the laptop, 7 in the last semester of his DES."""
BOUND = ("1", "3", "4", "5", "7")
"""Internes bound on Telegram in winter (interne n is Telegram user 7 000 + n)."""
PHONE = {"1", "3", "5", "7"}
"""Those who choose from their phone when their turn comes (MG is chosen at a distance)."""
GESTIONNAIRE = 950
NOUVEAUX = ("8", "9", "10")


def _phone(n: str) -> str:
    return f"06 00 00 00 {int(n):02d}"


def _winter_internes() -> bytes:
    rows = [interne(n, phase="approfondissement", telephone=_phone(n)) for n in "123456"]
    rows.append(interne("7", phase="consolidation", promotion="2022", semestres_valides="7",
                        telephone=_phone("7")))  # fmt: skip
    return csv_bytes(rows)


def _summer_internes() -> bytes:
    """The new semester's file: three arrivals of promotion 2026, and none of the others."""
    return csv_bytes([interne(n, phase="socle", promotion="2026", semestres_valides="1",
                              rang_concours=str(100 + int(n)), telephone=_phone(n))
                      for n in NOUVEAUX])  # fmt: skip


async def _winter(path: Path) -> dict[str, str]:
    """MG ranked; 2's procuration; 4 in surnombre non validant; invitation codes for the bound
    internes and the gestionnaire (key « g »)."""
    config = db_setup.config(CONFIG)
    database = await Database.open(path)
    await db_setup.import_all(database, config, _winter_internes(), HIVER.encode())
    await db_setup.rank_to_final(database, config, "MG")
    ctx = Contexte(database, config, "Mme Durand")
    await voeux.deposer_procuration(ctx, "2", "06 12 34 56 78", ["SN2-1", "LIB-1", "PED-1"], None)
    await voeux.particulier(ctx, "MG", "4", Surnombre.NON_VALIDANT, None)
    codes = {n: await comptes.inviter(ctx, n) for n in BOUND}
    codes["g"] = await comptes.inviter(ctx, None)
    await database.close()
    return codes


async def _amphi(workdir: Path, *args: str) -> tuple[int, str, str]:
    """A real `amphi` process on the gestionnaire's laptop while the bot runs."""
    process = await asyncio.create_subprocess_exec(
        AMPHI, *args, cwd=workdir, env={**os.environ, "AMPHI_AUTEUR": "M. Portable"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    return process.returncode, out.decode(), err.decode()


async def _ok(workdir: Path, *args: str) -> str:
    status, out, err = await _amphi(workdir, *args)
    assert status == 0, (args, out, err)
    return out


def _answers(emu: Emulateur, user: Utilisateur) -> list[Message]:
    return list(emu.recus(user.id))


async def _say(emu: Emulateur, user: Utilisateur, text: str) -> Message:
    """The user writes; the bot's first message to him afterwards."""
    before = len(_answers(emu, user))
    await emu.ecrire(user, text)
    await emu.attendre(lambda: len(_answers(emu, user)) > before, timeout=15)
    return _answers(emu, user)[before]


async def _said(emu: Emulateur, user: Utilisateur, text: str) -> str:
    """The user writes; everything the bot answers (a second of quiet after the first)."""
    before = len(_answers(emu, user))
    await _say(emu, user, text)
    await asyncio.sleep(1)
    return "\n".join(m.text or "" for m in _answers(emu, user)[before:])


async def _tap(
    emu: Emulateur, user: Utilisateur, message: Message, label: str, nouveau: bool = False
) -> Message:
    """Press the button naming `label` (or containing it); the message edited, or else (and
    always with `nouveau`) the bot's first new answer (alerts aside)."""
    found = [d for text, d in message.boutons if names(text, label)]
    found = found or [d for text, d in message.boutons if label in text]
    assert found, (label, message.text, message.boutons)
    edits, before = message.modifications, len(_answers(emu, user))

    def news() -> list[Message]:
        return [m for m in _answers(emu, user)[before:] if not _alerte(m)]

    query = await emu.appuyer(user, message, found[0])
    await emu.attendre(
        lambda: (
            emu.callbacks[query]["answered"]
            and (news() if nouveau else message.modifications > edits or news())
        ),
        timeout=20,
    )
    await asyncio.sleep(0.2)  # an answer edits the message and may send one too
    return message if message.modifications > edits and not nouveau else news()[0]


def _alerte(message: Message) -> bool:
    return is_alert(message) or (message.text or "").startswith("📅")


def _turns(emu: Emulateur, user: Utilisateur) -> list[Message]:
    return [m for m in _answers(emu, user) if m.text == "🔔 MG : c'est votre tour !"]


def _ids(message: Message) -> list[str]:
    return [text.rsplit(" · ", 1)[1] for text, _ in message.boutons if " · " in text]


async def _choose(emu: Emulateur, user: Utilisateur, poste: str) -> list[str]:
    """His turn's alert (each turn's becomes the picker, then what he chose), « Choisir mon
    poste », `poste`, Confirmer. The postes his picker offered."""
    await emu.attendre(lambda: bool(_turns(emu, user)), timeout=60)
    picker = await _tap(emu, user, _turns(emu, user)[0], "Choisir mon poste")
    offered = _ids(picker)
    confirm = await _tap(emu, user, picker, poste)
    done = await _tap(emu, user, confirm, f"Confirmer {poste}")
    assert done.text.startswith("✔ Vous avez choisi"), done.text
    assert f"({poste})" in done.text, done.text
    return offered


async def _call(
    workdir: Path, config, emu, users, plan: dict[str, str], essais=None
) -> tuple[dict[str, list[str]], dict[str, tuple[int, str]]]:
    """The call of MG, then closed: bound internes of PHONE choose from their phone, the
    others are typed on the laptop (`plan[id]`, « procuration » to apply his). `essais[id]`:
    a poste first typed for him on the laptop when he is called. What each phone chooser was
    offered, and what each essai answered (code, text)."""
    offered, tried = {}, {}
    database = await Database.open(workdir / "amphi.sqlite3")
    try:
        ctx = Contexte(database, config, "test")
        while (state := await appel_operations.etat(ctx, "MG")).appele is not None:
            who = state.appele.key[0]
            if who in (essais or {}):
                status, out, err = await _amphi(workdir, "appel", "choisir", who, essais[who],
                                                "--liste", "MG")  # fmt: skip
                tried[who] = (status, out + err)
            if who in PHONE and who in users:
                offered[who] = await _choose(emu, users[who], plan[who])
            elif plan[who] == "procuration":
                await _ok(workdir, "appel", "procuration", who, "--liste", "MG")
            else:
                await _ok(workdir, "appel", "choisir", who, plan[who], "--liste", "MG")
            await _wait_moved(ctx, who)
    finally:
        await database.close()
    await _ok(workdir, "appel", "clore", "--liste", "MG")
    return offered, tried


async def _wait_moved(ctx, who: str) -> None:
    for _ in range(200):
        state = await appel_operations.etat(ctx, "MG")
        if state.appele is None or state.appele.key[0] != who:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"l'appel reste sur {who}")


def _stage(text: str) -> str:
    """His winter stage's line in /pourquoi (« 2026-11 — Cabinet Abbeville (SASPAS…) : … »)."""
    return next(line for line in text.splitlines() if "2026-11 — Cabinet Abbeville (SASPAS" in line)


def _rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def _valides(path: Path) -> dict[str, int]:
    return dict(_rows(path, "SELECT id, semestres_valides FROM interne"))


async def test_two_semesters_one_after_the_other_through_the_real_bot(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    codes = await _winter(path)
    emu = Emulateur(rythme_par_chat=20)
    users = {n: emu.utilisateur(7_000 + int(n), f"Interne {n}") for n in BOUND}
    g = emu.utilisateur(GESTIONNAIRE, "Mme Durand")
    winter_config = db_setup.config(CONFIG)
    summer_config = db_setup.config(CONFIG.replace('"2026-11"', '"2027-05"'))
    async with served_bot(tmp_path, emu, CONFIG):
        for n, user in users.items():
            welcome = await _say(emu, user, f"/start {codes[n]}")
            assert "Traceback" not in (welcome.text or "")
        await _say(emu, g, f"/start {codes['g']}")

        # Winter: 4 (surnombre non validant) chooses out of turn; the others in their turn.
        await _ok(tmp_path, "appel", "ouvrir", "--oui", "--liste", "MG")
        await _ok(tmp_path, "appel", "choisir", "4", "PED-1", "--liste", "MG")
        plan = {**WINTER_PLACES, "2": "procuration"}
        offered, _ = await _call(tmp_path, winter_config, emu, users, plan)
        assert "SAS-1" in offered["3"]
        places = dict(_rows(path, "SELECT interne_id, poste_id FROM choix WHERE annule_at IS NULL"))
        assert places == WINTER_PLACES
        winter_accounts = _rows(path, "SELECT telegram_id, role, interne_id FROM compte_telegram")
        before = _valides(path)

        # The next semester, built from the gestionnaire's phone.
        preview = await _say(emu, g, "/semestre")
        assert "Semestre d'été 2027" in preview.text, preview.text
        asked = await _tap(emu, g, preview, "Construire le semestre d'été 2027")
        assert asked.text.startswith("❓ À confirmer"), asked.text
        built = await _tap(emu, g, asked, "Confirmer")
        assert built.text.startswith("✔ Semestre d'été 2027 construit"), built.text

        def told(user: Utilisateur) -> list[str]:
            return [m.text for m in _answers(emu, user)
                    if "Le semestre d'été 2027 commence" in (m.text or "")]  # fmt: skip

        carried = [users[n] for n in BOUND if n != "7"]
        await emu.attendre(lambda: all(told(u) for u in carried), timeout=30)
        for n in ("1", "3", "4", "5"):
            assert "pas encore classé" in (await _say(emu, users[n], "/rang")).text
        after = _valides(path)
        assert after["4"] == before["4"]  # surnombre non validant: same ancienneté
        assert after["1"] == after["5"] == before["1"] + 1
        assert not _rows(path, "SELECT 1 FROM compte_telegram WHERE interne_id = '7'")
        assert _rows(path, "SELECT actif, telephone FROM interne WHERE id = '7'") == [(0, None)]

        # 5's winter stage (a SASPAS) marked non validé from the phone.
        card = await _say(emu, g, "/interne 5")
        stages = await _tap(emu, g, card, "Stages effectués")
        stage = await _tap(emu, g, stages, "2026-11")
        asked = await _tap(emu, g, stage, "Marquer non validé")
        assert asked.text.startswith("❓ À confirmer"), asked.text
        done = await _tap(emu, g, asked, "Confirmer")
        assert "non validé" in done.text, done.text
        assert _valides(path)["5"] == before["5"]

        # Summer's files, sent from the phone: three new internes (the others kept), postes.
        await emu.envoyer_document(g, "internes.csv", _summer_internes())
        await emu.attendre(lambda: "Appliquer" in str(emu.dernier(g.id).boutons), timeout=20)
        shown = emu.dernier(g.id)
        assert "3 ajout(s), 0 modification(s), 0 désactivation(s)" in shown.text, shown.text
        applied = await _tap(emu, g, shown, "Appliquer", nouveau=True)
        assert "appliqué" in applied.text, applied.text
        await emu.envoyer_document(g, "postes.csv", ETE.encode())
        await emu.attendre(lambda: "Appliquer" in str(emu.dernier(g.id).boutons), timeout=20)
        applied = await _tap(emu, g, emu.dernier(g.id), "Appliquer", nouveau=True)
        assert "appliqué" in applied.text, applied.text

        # Summer ranked on the laptop: 7 (fin d'internat) is in no list; 4 and 5 come after
        # those with one more semester, the new promotion last.
        await _ok(tmp_path, "preclassement", "--liste", "MG")
        await _rank_ties(tmp_path)
        await _ok(tmp_path, "final", "valider", "--liste", "MG")
        order = [row[0] for row in _rows(
            path, "SELECT r.interne_id FROM rang r JOIN liste l ON l.id = r.liste_id "
            "WHERE l.nom = 'MG' ORDER BY r.position")]  # fmt: skip
        assert "7" not in order and set(order) == {"1", "2", "3", "4", "5", "6", *NOUVEAUX}
        assert {*order[:4]} == {"1", "2", "3", "6"} and {*order[4:6]} == {"4", "5"}
        for n in ("1", "3", "4", "5"):
            assert "Rang d'appel" in (await _say(emu, users[n], "/rang")).text
        assert "Rang d'appel" not in (await _say(emu, users["7"], "/rang")).text  # unbound
        why = await _said(emu, users["5"], "/pourquoi")
        assert _stage(why).endswith(" : non validé"), why
        assert "4 semestre(s) validé(s) sur 8" in why and "deuxième SASPAS : 0 validé" in why, why
        why = await _said(emu, users["3"], "/pourquoi")
        assert _stage(why).endswith(") : validé"), why
        assert "5 semestre(s) validé(s) sur 8" in why and "deuxième SASPAS : 1 validé" in why, why

        # Summer called: 3's second SASPAS refused (on the laptop, and hidden on his phone);
        # 5's SASPAS, non validé, does not count: he takes one.
        await _ok(tmp_path, "appel", "ouvrir", "--oui", "--liste", "MG")
        summer_plan = {"1": "LIB-2", "2": "SN2-2", "3": "LIB-2", "4": "LIB-2", "5": "SAS-2",
                       "6": "SN2-2", **{n: "SN1-1" for n in NOUVEAUX}}  # fmt: skip
        offered, tried = await _call(
            tmp_path, summer_config, emu, users, summer_plan, {"3": "SAS-2"}
        )
        summer_places = dict(
            _rows(path, "SELECT interne_id, poste_id FROM choix WHERE annule_at IS NULL")
        )
        assert not told(users["7"])
        assert all(len(told(users[n])) == 1 for n in ("1", "3", "4", "5"))
        assert not emu.violations
    # (assertions on what was refused, after the bot stopped: its log had no traceback)
    assert tried["3"][0] != 0 and "deuxième SASPAS" in tried["3"][1], tried
    assert "SAS-2" not in offered["3"] and "SAS-2" in offered["5"], offered
    assert summer_places == summer_plan

    # Winter stays readable: its results print with its journal head; both chains verified.
    archive = tmp_path / "amphi-2026-11.sqlite3"
    head = _rows(path, "SELECT tete, tete_empreinte FROM semestre_passe WHERE code = '2026-11'")
    assert head and archive.exists()
    await _ok(tmp_path, "pdf", "resultats", "--liste", "MG", "--semestre", "2026-11",
              "--sortie", str(tmp_path / "hiver.pdf"))  # fmt: skip
    with pdfplumber.open(tmp_path / "hiver.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert f"journal n°{head[0][0]}, empreinte {head[0][1][:16]}" in text
    assert "SAS-1" in text and "Nom7" in text
    await _ok(tmp_path, "journal", "--verifier")
    await _ok(tmp_path, "journal", "--verifier", "--semestre", "2026-11")

    # Purging winter leaves every summer account and phone in place, none in the archive.
    accounts = _rows(path, "SELECT telegram_id, role, interne_id FROM compte_telegram")
    phones = _rows(path, "SELECT id, telephone FROM interne WHERE telephone IS NOT NULL")
    assert {row for row in winter_accounts if row[2] != "7"} <= set(accounts)
    await _ok(tmp_path, "purger", "--semestre", "2026-11", "--oui")
    assert _rows(path, "SELECT telegram_id, role, interne_id FROM compte_telegram") == accounts
    assert _rows(path, "SELECT id, telephone FROM interne WHERE telephone IS NOT NULL") == phones
    assert len(phones) == 6 + len(NOUVEAUX)
    assert not _rows(archive, "SELECT 1 FROM compte_telegram")
    assert not _rows(archive, "SELECT 1 FROM interne WHERE telephone IS NOT NULL")


async def _rank_ties(workdir: Path) -> None:
    """Each tie group of the pré-classement left in its displayed order, the levée validated."""
    status, out, _ = await _amphi(workdir, "exaequo", "--liste", "MG")
    if status == 0 and "groupe" in out.lower():
        await _amphi(workdir, "exaequo", "valider", "--liste", "MG")
