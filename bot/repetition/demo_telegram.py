"""The demo's choice day on Telegram: the real `amphi bot` process, on the demo's database, against
the Bot API emulator served on 127.0.0.1 by this process, which also plays the people — the
gestionnaire on his phone, the internes of the Odontologie list (a list of another formation than
the MG call the command line left open). Everything each side sent and received is condensed
into a transcript, printed and written to `build/demo/transcript.txt`."""

import asyncio
import csv
import os
import socket
import sys
import time
from pathlib import Path

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.emulateur.http import port_of, servir
from bot.repetition import lecture
from bot.telegram.textes.alertes import MARQUES_ALERTE

LISTE = "Odontologie"
GESTIONNAIRE, TABLEAU, PREMIER_INTERNE = 900, -100, 20_000
GARDEE = 5
"""Seconds the room's page stays served once the day is over, for a person to look."""
BIN = Path(sys.executable).parent


class Scene:
    """The people's side: each line said or pressed, each answer, kept for the transcript."""

    def __init__(self, emulateur: Emulateur):
        self.emulateur = emulateur
        self.transcript: list[str] = []

    def note(self, line: str) -> None:
        self.transcript.append(line)
        print(line, flush=True)

    async def dire(self, user: Utilisateur, text: str, show: bool = True) -> Message:
        count = len(self.emulateur.recus(user.id))
        if show:
            self.note(f"{user.first_name} → {text}")
        await self.emulateur.ecrire(user, text)
        await self.emulateur.attendre(lambda: len(self.emulateur.recus(user.id)) > count, 30)
        answer = self.emulateur.recus(user.id)[count]
        if show:
            self.note(f"   bot → {_whole(answer)}")
        return answer

    async def appuyer(self, user: Utilisateur, message: Message, label: str, nouveaux: int = 0):
        data = next(d for text, d in message.boutons
                    if text.startswith(label) or text.endswith(f" · {label}"))  # fmt: skip
        count, edits = len(self.emulateur.recus(user.id)), message.modifications
        self.note(f"{user.first_name} [{label.strip()}]")
        await self.emulateur.appuyer(user, message, data)
        if nouveaux:
            await self.emulateur.attendre(
                lambda: len(self.emulateur.recus(user.id)) >= count + nouveaux, 30
            )
            message = self.emulateur.recus(user.id)[count + nouveaux - 1]
        else:
            await self.emulateur.attendre(lambda: message.modifications > edits, 30)
        self.note(f"   bot → {_whole(message)}")
        return message

    async def confirmer(self, user: Utilisateur, message: Message, label: str):
        """A button that asks for a confirming second press, then « Confirmer »."""
        asked = await self.appuyer(user, message, label)
        return await self.appuyer(user, asked, "Confirmer")


SUITE = " " * 9
"""How the lines of one message after its first are indented in the transcript."""


def _whole(message: Message) -> str:
    """A message as the phone shows it: every line, the document it carries, its buttons."""
    text = message.text or message.caption or ""
    lines = [line for line in text.splitlines() if line.strip()]
    if message.document:
        lines.insert(0, f"📎 {message.document.get('file_name', 'document')}")
    labels = [f"[{label}]" for label, _ in message.boutons]
    if labels:
        shown = labels[:4] + ([f"… (+{len(labels) - 4} boutons)"] if len(labels) > 4 else [])
        lines.append(" ".join(shown))
    return f"\n{SUITE}".join(lines)


def config_text(example: Path, port: int, web: int) -> str:
    """The example configuration, the emulator standing for Telegram, Odontologie chosen from
    Telegram, a live board, one gestionnaire and the room's page on port `web`."""
    text = example.read_text(encoding="utf-8")
    text = text.replace("a_distance = []", f'a_distance = ["{LISTE}"]')
    text = text.replace(
        "gestionnaires = []",
        f'gestionnaires = [{GESTIONNAIRE}]\nbase_url = "http://127.0.0.1:{port}/bot"\n'
        f'base_file_url = "http://127.0.0.1:{port}/file/bot"\ntableau = {TABLEAU}',
    )
    return f"{text}\n[web]\nport = {web}\n"


def _port_libre() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def journee(database: Path, out: Path, example: Path, postes: bytes) -> dict[str, float]:
    """The call of the whole list; returns the summary's figures."""
    start = time.perf_counter()
    emulateur = Emulateur(rythme_par_chat=20)  # a day played in a minute: see tests
    emulateur.groupe(TABLEAU, "Appel en direct")
    runner = await servir(emulateur, 0)
    config = out / "config_telegram.toml"
    web = _port_libre()
    config.write_text(config_text(example, port_of(runner), web), encoding="utf-8")
    base = ("--db", str(database), "--config", str(config))
    environment = {**os.environ, "AMPHI_TELEGRAM_TOKEN": emulateur.token}
    log = (out / "bot.log").open("wb")
    bot = await asyncio.create_subprocess_exec(
        BIN / "amphi", "bot", *base, env=environment, stdout=log, stderr=log,
    )  # fmt: skip
    scene = Scene(emulateur)
    g = emulateur.utilisateur(GESTIONNAIRE, "Gestionnaire")
    try:
        await _importer(scene, g, postes)
        await _classer(scene, g)
        ids = await lecture.ordre(database, example, LISTE)
        internes = await _lier(scene, ids, base)
        scene.note(
            f"Page de la salle, à ouvrir dans un navigateur pendant l'appel : "
            f"http://127.0.0.1:{web}/ (projecteur : http://127.0.0.1:{web}/projecteur)"
        )
        await _appel(scene, g, internes, ids, base)
        saved = await _editions(scene, g, base, out)
        for path in saved:
            scene.note(f"   enregistré : {path}")
        with saved[-1].open(encoding="utf-8", newline="") as results:
            places = sum(1 for row in csv.DictReader(results) if row["poste"])
        for interne_id in (ids[0], ids[3]):
            scene.note(f"Alertes reçues par l'interne {interne_id} :")
            for message in emulateur.recus(internes[interne_id].id):
                if (message.text or "").startswith(MARQUES_ALERTE):
                    scene.note(f"   bot → {_whole(message)}")
        scene.note(f"La page de la salle reste ouverte {GARDEE} s : http://127.0.0.1:{web}/")
        await asyncio.sleep(GARDEE)
    finally:
        bot.terminate()
        await bot.wait()
        log.close()
        await runner.cleanup()
    (out / "transcript.txt").write_text("\n".join(scene.transcript) + "\n", encoding="utf-8")
    sent = sum(len(emulateur.recus(chat)) for chat in emulateur.chats)
    board = emulateur.recus(TABLEAU)
    return {"internes": len(ids), "places": places, "messages": sent, "429": emulateur.trop_vite,
            "tableau": sum(1 + message.modifications for message in board),
            "secondes": time.perf_counter() - start}  # fmt: skip


async def _importer(scene: Scene, g: Utilisateur, postes: bytes) -> None:
    """The postes file, with the Odontologie postes added, sent from the phone."""
    count = len(scene.emulateur.recus(g.id))
    scene.note(f"{g.first_name} → (document) postes.csv")
    await scene.emulateur.envoyer_document(g, "postes.csv", postes)
    await scene.emulateur.attendre(lambda: len(scene.emulateur.recus(g.id)) > count, 30)
    preview = scene.emulateur.recus(g.id)[count]
    scene.note(f"   bot → {_whole(preview)}")
    await scene.appuyer(g, preview, "Appliquer", 1)


async def _procuration(scene: Scene, user: Utilisateur) -> None:
    """/voeux: three postes found by typing a town, a phone number typed, « Confirmer »."""
    emu = scene.emulateur
    await scene.dire(user, "/voeux")
    picker = await scene.dire(user, "abbeville")
    for _ in range(3):
        picker = await scene.appuyer(user, picker, picker.boutons[0][0])
    await scene.appuyer(user, picker, "Terminer", 1)
    await scene.dire(user, "06 12 34 56 78")
    await emu.attendre(
        lambda: any(label == "Confirmer" for label, _ in emu.dernier(user.id).boutons)
    )
    await scene.appuyer(user, emu.dernier(user.id), "Confirmer", 1)


async def _prechoix(scene: Scene, user: Utilisateur) -> None:
    """/prechoix: two postes wished, « Terminer », « Confirmer », then what he would get."""
    emu = scene.emulateur
    await scene.dire(user, "/prechoix")
    for poste in ("ODO-003", "ODO-004"):
        await scene.appuyer(user, emu.dernier(user.id), poste)
    summary = await scene.appuyer(user, emu.dernier(user.id), "Terminer", 1)
    await scene.appuyer(user, summary, "Confirmer", 1)


async def _classer(scene: Scene, g: Utilisateur) -> None:
    """Pré-classement, ex-aequo, a swap and validation, from the phone."""
    situation = await scene.dire(g, "/listes")
    card = await scene.appuyer(g, situation, LISTE, 1)
    card = await scene.appuyer(g, card, "Lancer le pré-classement", 2)
    while any(label.startswith("… Groupe") for label, _ in card.boutons):
        group = await scene.appuyer(g, card, "… Groupe")
        group = await scene.appuyer(g, group, "Valider ce groupe")
        card = await scene.appuyer(g, group, "◀ Retour", 1)
    if any(label.startswith("Valider la levée") for label, _ in card.boutons):
        card = await scene.appuyer(g, card, "Valider la levée", 1)
    final = await scene.appuyer(g, card, "Classement final")
    final = await scene.appuyer(g, final, "↓")
    await scene.appuyer(g, final, "Valider le classement")


async def _lier(scene: Scene, ids: list[str], base) -> dict[str, Utilisateur]:
    """Every interne of the list bound with his invitation code; two read their rank."""
    internes = {}
    for n, interne_id in enumerate(ids):
        out = await amphi("invitation", "--interne", interne_id, *base)
        code = out.split("/start ", 1)[1].split()[0]
        user = scene.emulateur.utilisateur(PREMIER_INTERNE + n, f"Interne {interne_id}")
        await scene.dire(user, f"/start {code}", show=n < 2)
        internes[interne_id] = user
    first = internes[ids[0]]
    await scene.dire(first, "/rang")
    await scene.dire(first, "/pourquoi")
    await _prechoix(scene, internes[ids[2]])
    return internes


async def _appel(scene, g, internes, ids, base) -> None:
    """The whole call: remote choices, a procuration, a latecomer, an undo; the board moves."""
    proxy, late, undone, arrives = ids[3], ids[5], ids[6], ids[8]
    await _procuration(scene, internes[proxy])
    await scene.dire(g, f"/particulier {ids[10]} fleche ODO-025")
    await scene.dire(g, f"/particulier {ids[12]} surnombre validant")
    menu = await scene.dire(g, "/appel")
    screen = await scene.appuyer(g, menu, LISTE)
    screen = await scene.appuyer(g, screen, "Ouvrir le choix")
    emu, done = scene.emulateur, set()
    while (who := _called(screen)) is not None:
        user = internes[who]
        if who not in done:
            await emu.attendre(lambda u=user: _turn(emu, u) is not None, 30)
        if who == proxy or (who == late and "late" not in done):
            done.add("late" if who == late else "proxy")
            screen = await scene.confirmer(g, screen, "absent")
        elif who in done:  # called again after his choice was undone: he says it in the room
            await scene.appuyer(g, screen, "a choisi…")
            postes = await scene.dire(g, "compiègne")  # found by typing its town
            screen = await scene.appuyer(g, postes, postes.boutons[0][0])
        else:
            done.add(who)
            turn = _turn(emu, user)
            postes = await scene.appuyer(user, turn, "Choisir mon poste")
            while not postes.boutons:  # an earlier call's button: he uses the newest, as told
                await emu.attendre(lambda u=user, t=turn: _turn(emu, u) not in (None, t), 30)
                turn = _turn(emu, user)
                postes = await scene.appuyer(user, turn, "Choisir mon poste")
            confirm = await scene.appuyer(user, postes, postes.boutons[0][0])
            await scene.appuyer(user, confirm, "Confirmer")
            screen = await _redraw(scene, g)
            if who == undone and "undo" not in done:
                done.add("undo")
                screen = await scene.confirmer(g, screen, "annuler le dernier choix")
        if _called(screen) == arrives and "Absents sans poste" in (screen.text or ""):
            absents = await scene.appuyer(g, screen, "arrivée d'un absent…")
            screen = await scene.appuyer(g, absents, absents.boutons[0][0])
    await scene.confirmer(g, screen, "clore la liste")


async def _editions(scene: Scene, g: Utilisateur, base, out: Path) -> list[Path]:
    """The three PDFs received on the phone, and the results as CSV, saved beside the demo."""
    menu = await scene.dire(g, "/pdf")
    saved = []
    for label in ("appel", "émargement", "résultats"):
        sent = await scene.appuyer(g, menu, f"{LISTE} : {label}", 1)
        name = sent.document["file_name"]
        (out / name).write_bytes(scene.emulateur.files[sent.document["file_id"]][1])
        saved.append(out / name)
    results = out / f"resultats_{LISTE}.csv"
    csv_text = await amphi("appel", "resultats", "--liste", LISTE, "--format", "csv", *base)
    results.write_text(csv_text, encoding="utf-8")
    return [*saved, results]


async def amphi(*args: str) -> str:
    """The command line, in its own process (the gestionnaire's laptop beside the phone)."""
    process = await asyncio.create_subprocess_exec(
        BIN / "amphi", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, errors = await process.communicate()
    if process.returncode:
        raise RuntimeError(f"amphi {' '.join(args)} : {errors.decode()}")
    return out.decode()


def _turn(emu: Emulateur, user: Utilisateur) -> Message | None:
    """His latest turn's alert, while it still carries « Choisir mon poste » (an interne called
    again gets a new one; the button of an earlier call no longer acts)."""
    return next((m for m in reversed(emu.recus(user.id))
                 if any(label == "Choisir mon poste" for label, _ in m.boutons)), None)  # fmt: skip


async def _redraw(scene: Scene, g: Utilisateur) -> Message:
    menu = await scene.dire(g, "/appel", show=False)
    return await scene.appuyer(g, menu, LISTE)


def _called(screen: Message) -> str | None:
    for line in (screen.text or "").splitlines():
        if line.startswith("Appelé : "):
            return line.rsplit("(", 1)[1].rstrip(")")
    return None
