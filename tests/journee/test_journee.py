"""A whole choice day through the bot: 60 internes over two lists of médecine, the gestionnaire
on his phone, a laptop running `amphi appel` beside, internes told by alerts and choosing from
Telegram on the second list. Every place is checked at the end, and every interne's alerts:
the right ones, once each, in order."""

import asyncio
import csv
import io
import os
import re
import sqlite3

from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press, press_confirmed
from tests.cli_harness import AMPHI
from tests.conftest import csv_bytes, interne

MG, PSY = [str(n) for n in range(1, 41)], [str(n) for n in range(41, 61)]
CONFIG = db_setup.CONFIG + '\n[appel]\na_distance = ["Psy"]\ndelai_secondes = 10\n'
FLECHE, VALIDANT, NON_VALIDANT = "4", "6", "8"
ABSENT_ARRIVE, ABSENT_OFFICE, PSY_DELAI = "3", "7", "45"
PROCURATIONS = {"5": ("MG-2", "MG-9", "MG-10"), "14": ("MG-1", "MG-2", "MG-3"),
                "15": ("MG-12", "MG-13", "MG-14")}  # fmt: skip
"""5 applied from the phone, 14 with every wish gone (phoned), 15 applied from the laptop."""


def files(tmp_path) -> None:
    rows = [interne(i) for i in MG]
    rows += [interne(i, discipline="Psychiatrie", des="Psychiatrie", rang_concours=int(i) - 40)
             for i in PSY]  # fmt: skip
    (tmp_path / "internes.csv").write_bytes(csv_bytes(rows))
    (tmp_path / "postes.csv").write_bytes(db_setup.postes_csv({"MG": 44, "Psy": 16}))
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")


async def amphi(tmp_path, *args: str) -> str:
    """`amphi` in another process (the laptop), the bot running meanwhile."""
    process = await asyncio.create_subprocess_exec(
        AMPHI, *args, cwd=tmp_path, env={**os.environ, "AMPHI_AUTEUR": "Mme Durand"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await process.communicate()
    assert process.returncode == 0, (args, stderr.decode())
    return stdout.decode()


async def bind(path) -> None:
    """Each interne bound to his Telegram account (a fixture: binding has its own tests)."""
    database = await Database.open(path)
    async with database.write() as tx:
        await tx.executemany(
            "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
            "VALUES (?, 'interne', ?, NULL, '2026-11-20T08:00:00+00:00')",
            [(10_000 + int(i), i) for i in MG + PSY],
        )
    await database.close()


def postes_of(picker) -> list[str]:
    """The postes a picker offers (its « ◀ Retour » may be first: where the finger was)."""
    return [label for label, _ in picker.boutons if " · " in label]


def sorte(text: str) -> str:
    for mark, kind in (("📣", "ouverture"), ("🔔", "tour"), ("✅", "place"), ("🏁", "cloture")):
        if text.startswith(mark):
            return kind
    return "passe" if "vous êtes passé" in text else "approche"


async def test_a_whole_choice_day_over_two_lists(tmp_path):
    files(tmp_path)
    for args in (
        ("import", "internes", "internes.csv", "--oui"), ("import", "postes", "postes.csv", "--oui"),
        ("preclassement", "--liste", "MG"), ("final", "valider", "--liste", "MG"),
        ("particulier", FLECHE, "--liste", "MG", "--fleche", "MG-22"),
        ("particulier", VALIDANT, "--liste", "MG", "--surnombre", "validant"),
        ("particulier", NON_VALIDANT, "--liste", "MG", "--surnombre", "non-validant"),
        *(("procuration", i, "--telephone", "06 12 34 56 78", "--voeux", *voeux)
          for i, voeux in PROCURATIONS.items()),
    ):  # fmt: skip
        await amphi(tmp_path, *args)
    path = tmp_path / "amphi.sqlite3"
    await bind(path)

    async with bot_running(db_setup.config(CONFIG), path, tableau=-100, rythme_par_chat=20) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        users = {i: emu.utilisateur(10_000 + int(i), f"Interne {i}") for i in MG + PSY}

        def alerts(i: str) -> list[str]:
            return bot.alertes(users[i])

        async def told_turn(i: str) -> None:
            await emu.attendre(lambda: any(sorte(t) == "tour" for t in alerts(i)), timeout=10)

        async def screen_of(nom: str):
            """The call screen drawn afresh (after acts from the laptop)."""
            return await press(bot, g, await bot.dire(g, "/appel"), nom)

        def called(screen) -> str | None:
            found = re.search(r"Appelé : rang \d+ \S+ \S+ \((\d+)\)", screen.text)
            return found and found[1]

        async def chose(screen, which: int = 0, label: str = "a choisi…"):
            postes = await press(bot, g, screen, label)
            return await press(bot, g, postes, postes_of(postes)[which])

        async def open_first_poste() -> str:
            out = await amphi(tmp_path, "appel", "--liste", "MG")
            return re.search(r"\b(MG-\d+) ", out.split("Postes libres", 1)[1])[1]

        # MG from the phone, the laptop beside it
        menu = await bot.dire(g, "/appel")
        screen = await press(bot, g, await press(bot, g, menu, "MG"), "Ouvrir le choix")
        await amphi(tmp_path, "appel", "choisir", NON_VALIDANT, "MG-21", "--liste", "MG")
        screen = await screen_of("MG")
        done = set()
        while (who := called(screen)) is not None:
            await told_turn(who)
            if who in (ABSENT_ARRIVE, ABSENT_OFFICE) and f"absent {who}" not in done:
                done.add(f"absent {who}")
                screen = await press_confirmed(bot, g, screen, "absent")
            elif who == "5":
                screen = await press_confirmed(bot, g, screen, "appliquer la procuration")
            elif who == "9" and "différé" not in done:
                done.add("différé")
                reports = await press(bot, g, screen, "différer…")
                screen = await press(bot, g, reports, "après rang 11 ")
            elif who == "12" and "arrivé" not in done:
                done.add("arrivé")
                absents = await press(bot, g, screen, "arrivée d'un absent…")
                screen = await press(bot, g, absents, f"rang {ABSENT_ARRIVE} ")
                continue
            elif who == "13" and "annulé" not in done:
                done.add("annulé")
                screen = await chose(screen)
                await emu.attendre(lambda: "place" in map(sorte, alerts("13")))  # told, then
                screen = await press_confirmed(bot, g, screen, "annuler le dernier choix")
                screen = await chose(screen, which=1)
            elif who == "14":
                screen = await press_confirmed(bot, g, screen, "absent")
                assert "En attente d'appel téléphonique : rang 14" in screen.text
                assert "téléphone 06 12 34 56 78" in screen.text
                screen = await chose(screen, label="a choisi… (au téléphone)")
            elif who == "15":
                await amphi(tmp_path, "appel", "procuration", "15", "--liste", "MG")
                screen = await screen_of("MG")
            elif who in ("16", "17"):
                poste = await open_first_poste()
                await amphi(tmp_path, "appel", "choisir", who, poste, "--liste", "MG")
                screen = await screen_of("MG")
            else:
                screen = await chose(screen)
        assert "Absents sans poste : 1" in screen.text
        office = await press(bot, g, await press(bot, g, screen, "affecter d'office…"), "rang 7 ")
        screen = await press(bot, g, office, postes_of(office)[0])
        screen = await press_confirmed(bot, g, screen, "clore la liste")
        assert "Choix clos." in screen.text
        said = await amphi(tmp_path, "appel", "reoffrir", "--liste", "MG", "--vers", "Psy")
        assert "Psy" in said

        # Psy: the internes choose from Telegram; one lets his time run out
        for args in (("preclassement", "--liste", "Psy"), ("final", "valider", "--liste", "Psy")):
            await amphi(tmp_path, *args)
        card = await press(bot, g, await bot.dire(g, "/appel"), "Psy")
        screen = await press(bot, g, card, "Ouvrir le choix")
        for i in PSY:
            await told_turn(i)
            if i == PSY_DELAI:
                await emu.attendre(lambda: "passe" in map(sorte, alerts(PSY_DELAI)), 20)
                continue
            turn = next(m for m in emu.recus(users[i].id) if sorte(m.text or "") == "tour")
            postes = await press(bot, users[i], turn, "Choisir mon poste")
            confirm = await press(bot, users[i], postes, postes.boutons[0][0])
            await press(bot, users[i], confirm, "Confirmer")
        screen = await screen_of("Psy")
        office = await press(bot, g, await press(bot, g, screen, "affecter d'office…"), "rang 5 ")
        screen = await press(bot, g, office, postes_of(office)[0])
        screen = await press_confirmed(bot, g, screen, "clore la liste")
        await emu.attendre(lambda: all(sorte(alerts(i)[-1]) == "cloture" for i in MG + PSY
                                       if i not in (FLECHE, NON_VALIDANT)), timeout=20)  # fmt: skip
        await asyncio.sleep(2.5)  # a few rounds more: nothing comes twice
        board = emu.recus(-100)

    results = {}
    for nom in ("MG", "Psy"):
        out = await amphi(tmp_path, "appel", "resultats", "--liste", nom, "--format", "csv")
        for row in csv.DictReader(io.StringIO(out)):
            results[row["id"]] = (row["poste"], row["mention"])
    assert sorted(results, key=int) == MG + PSY  # every interne has a place
    assert results[FLECHE] == ("MG-22", "stage fléché")
    assert results[VALIDANT][1] == "surnombre validant"
    assert results[NON_VALIDANT] == ("MG-21", "surnombre non validant")
    assert results["5"] == ("MG-2", "par procuration")
    assert results["14"][0] not in PROCURATIONS["14"]
    assert results["15"] == ("MG-12", "par procuration")
    assert results[ABSENT_OFFICE][1] == results[PSY_DELAI][1] == "affecté d'office"
    assert any(poste.startswith("MG-") for i, (poste, _) in results.items() if i in PSY)

    with sqlite3.connect(path) as connection:
        authors = {row[0] for row in connection.execute(
            "SELECT DISTINCT auteur FROM journal WHERE action LIKE 'appel.%'")}  # fmt: skip
    assert {"Mme Durand", f"telegram:{GESTIONNAIRE_ID}", "telegram:10041"} <= authors

    for i in MG + PSY:
        texts = alerts(i)
        kinds = [sorte(t) for t in texts]
        shape = "".join(INITIALE[k] for k in kinds[1:-1])
        assert len(texts) == len(set(texts)), (i, texts)
        if i in (FLECHE, NON_VALIDANT):  # not called in turn: told his place only
            assert kinds == ["place"], (i, texts)
            continue
        assert kinds[0] == "ouverture" and kinds[-1] == "cloture", (i, texts)
        assert shape in ALERT_SHAPES.get(i, ("aatp", "atp", "tp")), (i, texts)
        poste, mention = results[i]
        how = f" ({mention})" if mention else ""
        assert texts[-2].endswith(f"le poste {poste} est enregistré pour vous{how}."), (i, texts)
        waits = [int(re.search(r"(\d+) interne", t)[1]) for t in texts if sorte(t) == "approche"]
        assert waits == sorted(waits, reverse=True)
    assert [m.text.splitlines()[0] for m in board] == [
        "Appel en direct — MG (38/44 places prises)",  # surnombres take no place
        "Appel en direct — Psy (20/22 places prises)",  # 16, and the 6 MG left
    ]
    assert all(m.text.endswith("Choix clos.") and m.modifications >= 3 for m in board)


ALERT_SHAPES = {
    ABSENT_ARRIVE: ("txtp", "atxtp", "aatxtp"),  # passed, then called again on arrival
    ABSENT_OFFICE: ("txp", "atxp", "aatxp"),
    PSY_DELAI: ("txp", "atxp", "aatxp"),
    "9": ("ttp", "attp", "aattp"),  # deferred: called again after rank 11
    # his choice undone, another one made (the call again told unless chosen at once)
    "13": ("tpp", "atpp", "aatpp", "tptp", "atptp", "aatptp"),
    # called when 13 chose, then again once 13 chose anew
    "14": ("tp", "atp", "aatp", "ttp", "attp", "aattp"),
    **{i: ("p", "ap", "aap") for i in PSY if i != PSY_DELAI},  # his turn's message became
}  # his choice, confirmed
"""The middle of each interne's alerts, by their initials, where it is not one of the usual
shapes (turn approaching twice, once or not at all, his turn, his place)."""
INITIALE = {"approche": "a", "tour": "t", "passe": "x", "place": "p"}
