"""The room's page in a real headless Chromium, served by the real `amphi bot`: an interne
chooses from his phone through the bot, the laptop records the next choices with `amphi appel`
(one while the bot restarts after a kill), and the open page shows each within moments, never
reloaded."""

import pytest

from bot.emulateur import Emulateur
from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from bot.operations.config import WebConfig
from bot.web.serveur import PageSalle
from storage.database import Database
from tests import db_setup
from tests.bot_process import port_libre, served_bot, tap
from tests.cli_harness import portable
from tests.conftest import csv_bytes, interne, liste_simple
from tests.web.navigateur import ABSENT, CHROMIUM, Navigateur

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=ABSENT)
REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
APPELE = "document.querySelector('.appele').innerText"


async def test_the_page_in_chromium_follows_the_bot_and_the_laptop(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(REMOTE, encoding="utf-8")
    await liste_simple(path, db_setup.config(REMOTE), 30, 60)
    await db_setup.lier_premiers(path, 1)
    port = port_libre()
    emu = Emulateur()
    first = emu.utilisateur(10_000, "Interne 1")
    async with served_bot(tmp_path, emu, REMOTE + f"\n[web]\nport = {port}\n") as bot:
        database = await Database.open(path)
        await appel_operations.ouvrir(Contexte(database, db_setup.config(REMOTE), "g"), "MG")
        await database.close()
        async with Navigateur() as navigateur:
            await navigateur.ouvrir(f"http://127.0.0.1:{port}/")
            await navigateur.attendre(f"{APPELE}.includes('rang 1 — Nom1 Prénom')")
            await navigateur.lire("window.jamaisRechargee = true")

            await emu.attendre(lambda: any(m.text.startswith("🔔") for m in emu.recus(first.id)))
            turn = next(m for m in emu.recus(first.id) if m.text.startswith("🔔"))
            picker = await tap(emu, first, turn, "Choisir mon poste")
            confirm = await tap(emu, first, picker, "CHU Amiens — service 4")
            await tap(emu, first, confirm, "Confirmer MG-4")  # through the bot
            await navigateur.attendre(f"{APPELE}.includes('rang 2 — Nom2 Prénom')", timeout=5)
            assert "Nom1 Prénom" in await navigateur.lire(
                "document.querySelector('table.derniers').innerText"
            )

            await portable(path, "choisir", "2", "MG-4")  # the laptop: MG-4 is now full
            await navigateur.attendre(f"{APPELE}.includes('rang 3 — Nom3 Prénom')", timeout=5)
            await bot.restart()  # kill -9 and started again: the page reconnects by itself
            await portable(path, "choisir", "3", "MG-9")
            await navigateur.attendre(f"{APPELE}.includes('rang 4 — Nom4 Prénom')", timeout=15)
            assert await navigateur.lire("window.jamaisRechargee") is True
            full = await navigateur.lire(
                "[...document.querySelectorAll('tr.plein td:first-child')].map(c => c.innerText)"
            )
            assert full == ["MG-4"]
            assert await navigateur.lire("getComputedStyle(document.querySelector('tr.plein td'))"
                                         ".textDecorationLine") == "line-through"  # fmt: skip

            await navigateur.ouvrir(f"http://127.0.0.1:{port}/projecteur")
            await navigateur.attendre(f"{APPELE}.includes('rang 4')")
            assert await navigateur.lire("document.body.scrollWidth <= window.innerWidth")
            await navigateur.photo(tmp_path / "projecteur.png")
        await bot.stop()
    assert (tmp_path / "projecteur.png").read_bytes().startswith(b"\x89PNG")
    assert emu.violations == []


TERRAINS = (
    "CH Saint-Quentin — Médecine polyvalente et gériatrie",
    "CHU Amiens-Picardie — Maladies infectieuses et tropicales",
    "Cabinet de médecine générale du Dr Lefèvre-Desmarais à Abbeville",
)


def _poste(n: int) -> str:
    return f"{('AMIENS-CHU', 'ST-QUENTIN-CH', 'ABBEVILLE-LIB')[n % 3]}-MG-{n:03d}"


AUTRES_LISTES = "".join(
    f'\n[[listes]]\nnom = "{nom}"\nformation = "medecine"\ndiscipline = "{discipline}"\n'
    f"ordre = {ordre}\n"
    for ordre, (nom, discipline) in enumerate((
        ("Médicales et imagerie", "Spécialités médicales"),
        ("Chirurgie", "Spécialités chirurgicales"), ("Pédiatrie", "Pédiatrie"),
        ("Anesthésie-réanimation", "Anesthésie-réanimation"), ("Urgences", "Médecine d'urgence"),
        ("Gynécologie obstétrique", "Gynécologie obstétrique"),
        ("Ophtalmologie", "Ophtalmologie"), ("Biologie médicale", "Biologie médicale"),
        ("Santé publique", "Santé publique"),
    ), start=3)
)  # fmt: skip
"""Nine lists more (eleven in all, as config.example.toml's day), none called yet."""


async def _grand_jour(
    tmp_path, texte: str = db_setup.CONFIG, tour: int = 8
) -> tuple[Database, PageSalle]:
    """A day as big as a real one: 154 internes, 110 postes with long ids and terrains of
    three types, the call open and a few choices made; the page served beside it."""
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(texte, encoding="utf-8")
    config = db_setup.config(texte)
    postes = "id,terrain,liste,capacite,type\n" + "".join(
        f"{_poste(n)},{TERRAINS[n % 3]} {n},MG,2,{('Hospitalier', 'Hôpital', 'SASPAS')[n % 3]}\n"
        for n in range(1, 111)
    )
    database = await Database.open(path)
    rows = csv_bytes([interne(str(n)) for n in range(1, 155)])
    await db_setup.import_all(database, config, rows, postes.encode())
    await db_setup.rank_to_final(database, config, "MG")
    ctx = Contexte(database, config, "g")
    await appel_operations.ouvrir(ctx, "MG")
    for rang in range(1, 5):
        called = (await appel_operations.etat(ctx, "MG")).appele
        await appel_operations.agir(ctx, "MG", "choisir", called.key, _poste(rang * 7))
    page = PageSalle(WebConfig(0, tour_secondes=tour))
    await page.demarrer(Contexte(database, config, "web"))
    return database, page


async def test_the_phone_view_fits_390_px_without_scrolling_sideways(tmp_path):
    database, page = await _grand_jour(tmp_path)
    try:
        async with Navigateur(390, 844) as navigateur:
            await navigateur.envoyer(  # a phone: 390 px wide, as a browser's window is not
                "Emulation.setDeviceMetricsOverride", width=390, height=844,
                deviceScaleFactor=3, mobile=True,
            )  # fmt: skip
            await navigateur.ouvrir(page.adresse)
            await navigateur.attendre(f"{APPELE}.includes('rang 5')")
            assert await navigateur.lire("window.innerWidth") == 390
            widest = await navigateur.lire(
                "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            )
            await navigateur.photo(tmp_path / "telephone.png")
            assert widest <= 390, widest
    finally:
        await page.arreter()
        await database.close()


POSTES_VUS = """[...document.querySelectorAll('.postes tbody tr')].filter(r => {
  const b = r.getBoundingClientRect(), c = r.closest('.postes').getBoundingClientRect();
  return b.width > 0 && b.left >= c.left - 1 && b.right <= c.right + 1 && b.top >= c.top - 1
    && b.bottom <= Math.min(c.bottom, innerHeight) + 1;
}).map(r => r.cells[0].innerText)"""
POSTES_COUPES = """[...document.querySelectorAll('.postes tbody tr')].filter(r => {
  const b = r.getBoundingClientRect(), c = r.closest('.postes').getBoundingClientRect();
  return b.width > 0 && b.right > c.left + 1 && b.left < c.right - 1
    && (b.left < c.left - 1 || b.right > c.right + 1 || b.top < c.top - 1
        || b.bottom > Math.min(c.bottom, innerHeight) + 1);
}).map(r => [r.cells[0].innerText, r.getBoundingClientRect().left, r.getBoundingClientRect().right,
             r.getBoundingClientRect().top, r.getBoundingClientRect().bottom,
             JSON.stringify(r.closest('.postes').getBoundingClientRect())])"""


async def test_the_projector_turns_whole_screens_of_postes_in_large_type(tmp_path):
    database, page = await _grand_jour(tmp_path, tour=2)  # [web] tour_secondes
    try:
        async with Navigateur(1920, 1080) as navigateur:
            await navigateur.envoyer(  # the projector's screen, whatever the window's frame
                "Emulation.setDeviceMetricsOverride", width=1920, height=1080,
                deviceScaleFactor=1, mobile=False,
            )  # fmt: skip
            await navigateur.ouvrir(f"{page.adresse}projecteur")
            await navigateur.attendre(f"{APPELE}.includes('rang 5')")
            assert await navigateur.lire(
                "document.documentElement.scrollHeight <= innerHeight"
                " && document.documentElement.scrollWidth <= innerWidth"
            )  # one screen: nothing below the fold, nothing to the right
            for chosen in (".appele", ".suivants td", ".derniers td", ".postes td", "h2"):
                size = await navigateur.lire(
                    f"parseFloat(getComputedStyle(document.querySelector('{chosen}')).fontSize)"
                )
                assert size >= 24, (chosen, size)
            await navigateur.photo(tmp_path / "projecteur-1.png")
            seen: list[str] = []
            for _ in range(12):  # the pages turn by themselves, each a whole screen of rows
                shown = await navigateur.lire(POSTES_VUS)
                assert await navigateur.lire(POSTES_COUPES) == []  # whole rows only
                assert len(shown) >= (20 if not seen else 1), shown  # a screen of them
                if shown[0] in seen:
                    break
                seen += shown
                await navigateur.attendre(f"!{POSTES_VUS}.includes({shown[0]!r})", timeout=15)
            assert sorted(set(seen)) == sorted(_poste(n) for n in range(1, 111))
            assert len(seen) == 110  # each poste on one page only
    finally:
        await page.arreter()
        await database.close()


ENTIER = """(sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length)
  .every(e => { const b = e.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= innerHeight + 1 && getComputedStyle(e).visibility
      === 'visible'; }))"""


@pytest.mark.parametrize("largeur, hauteur", [(1920, 1080), (1280, 720)])
async def test_the_projector_is_one_screen_with_eleven_lists(tmp_path, largeur, hauteur):
    """The lists not being called in one line; the call whole (appelé, the five next, the last
    choices); the postes paged in what remains; nothing below the fold."""
    database, page = await _grand_jour(tmp_path, db_setup.CONFIG + AUTRES_LISTES)
    try:
        async with Navigateur(largeur, hauteur) as navigateur:
            await navigateur.envoyer(
                "Emulation.setDeviceMetricsOverride", width=largeur, height=hauteur,
                deviceScaleFactor=1, mobile=False,
            )  # fmt: skip
            await navigateur.ouvrir(f"{page.adresse}projecteur")
            await navigateur.attendre(f"{APPELE}.includes('rang 5')")
            await navigateur.photo(tmp_path / f"projecteur-{hauteur}.png")
            assert await navigateur.lire(
                "document.documentElement.scrollHeight <= innerHeight"
                " && document.documentElement.scrollWidth <= innerWidth"
            )
            for part in (".appele", ".suivants caption", ".suivants tr", ".derniers caption",
                         ".derniers tr"):  # fmt: skip
                assert await navigateur.lire(f"{ENTIER}('{part}')"), part
            autres = await navigateur.lire(
                "(a => [a.getBoundingClientRect().height, parseFloat(getComputedStyle(a)"
                ".lineHeight), a.innerText])(document.querySelector('.autres'))"
            )
            assert autres[0] <= autres[1] + 1, autres  # one line, however many lists
            assert "Psy" in autres[2] and "Santé publique" in autres[2]
            rows = "document.querySelectorAll('.{} tbody tr:not(.coupe)').length"
            assert await navigateur.lire(rows.format("suivants")) == 5
            assert await navigateur.lire(rows.format("derniers")) == 4
            assert len(await navigateur.lire(POSTES_VUS)) >= (20 if hauteur == 1080 else 8)
            assert await navigateur.lire(POSTES_COUPES) == []
            if hauteur == 720:  # the other lists' line turns by itself, like the postes
                await navigateur.attendre("document.querySelector('.autres').scrollTop > 0", 15)
    finally:
        await page.arreter()
        await database.close()
