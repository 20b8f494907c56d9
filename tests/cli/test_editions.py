"""Editions: real PDFs written by `amphi pdf`, read back with pdfplumber."""

import asyncio
import itertools
import math
import re
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest

from bot.editions import rendu as editions
from bot.editions.documents import Colonne, Document, Tableau
from bot.operations import editions as edition_builders
from storage import listes
from storage.database import Database
from tests import db_setup
from tests.cli_harness import amphi, ranked
from tests.conftest import csv_bytes, interne

NAMES = [
    ("Nguyễn", "Thị Ánh"), ("Œillet", "Cécile"), ("Wiśniewski", "Łukasz"), ("D’Aubigné", "Agrippa"),
    ("Müller-Lüdenscheidt", "Zoé"), ("O'Connor", "Siobhán"), ("Ødegård", "Bjørn"),
    ("de La Tour d’Auvergne-Lauraguais", "Marie-Éléonore-Françoise"), ("Çelik", "Ayşe"),
    ("Dupont", "Jean"),
]  # fmt: skip
COUNT = 500
APPEL_HEADINGS = "Rang Nom Prénom Statut Ancienneté Promotion Concours Rang calculé"


def big_list(folder: Path, count: int = COUNT) -> list[tuple[str, str]]:
    """`count` MG internes, distinct ranks (no ex-aequo), ranked and validated."""
    (folder / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    people = [NAMES[i % len(NAMES)] for i in range(count)]
    rows = [
        interne(str(i + 1), nom=nom, prenom=prenom, rin=i + 1)
        for i, (nom, prenom) in enumerate(people)
    ]
    (folder / "internes.csv").write_bytes(csv_bytes(rows))
    (folder / "postes.csv").write_bytes(db_setup.postes_csv({"MG": count, "Psy": 2}))
    for args in (
        ("import", "internes", "internes.csv", "--oui"),
        ("import", "postes", "postes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
        ("final", "valider", "--liste", "MG"),
    ):
        result = amphi(folder, *args)
        assert result.returncode == 0, (args, result.stderr)
    return people


def pages_text(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text().splitlines() for page in pdf.pages]


def body(lines: list[str], headings: str) -> list[str]:
    """The table rows of a page: between the column headings and the footer."""
    start = lines.index(headings) + 1
    return [line for line in lines[start:] if not line.startswith("Édité le ")]


def test_the_liste_d_appel_has_every_interne_once_in_order_with_exact_names(tmp_path):
    people = big_list(tmp_path)
    result = amphi(tmp_path, "pdf", "appel", "--liste", "MG")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"Liste d'appel — MG : 500 ligne\(s\), \d+ page\(s\) → appel_MG\.pdf\n", result.stdout
    )
    pages = pages_text(tmp_path / "appel_MG.pdf")
    rows = [row for lines in pages for row in body(lines, APPEL_HEADINGS)]
    assert len(rows) == COUNT
    for rang, (row, (nom, prenom)) in enumerate(zip(rows, people, strict=True), start=1):
        assert row.startswith(f"{rang} {nom} {prenom} standard 4 sem. 2024 EDN "), row
    per_page = [len(body(lines, APPEL_HEADINGS)) for lines in pages]
    assert len(pages) == math.ceil(COUNT / per_page[0]) > 1
    assert set(per_page[:-1]) == {per_page[0]} and 0 < per_page[-1] <= per_page[0]
    for number, lines in enumerate(pages, start=1):
        assert lines[0] == "Liste d'appel — MG"
        assert lines[1].startswith("Subdivision : Amiens · Médecine · Médecine générale")
        assert APPEL_HEADINGS in lines, f"headings missing on page {number}"
        assert re.fullmatch(
            rf"Édité le \d\d/\d\d/\d{{4}} à \d\d:\d\d \(heure de Paris\) — amphi page {number} / "
            rf"{len(pages)}",
            lines[-1],
        )
    with pdfplumber.open(tmp_path / "appel_MG.pdf") as pdf:
        fonts = {char["fontname"].split("+")[-1] for char in pdf.pages[0].chars}
        assert fonts == {"DejaVuSansBook", "DejaVuSansBold"}  # shipped, embedded
        assert pdf.pages[0].width == pytest.approx(595.28, abs=0.1)  # A4


def test_same_data_and_edition_time_give_the_same_bytes(tmp_path):
    big_list(tmp_path, count=60)

    async def edition(moment: datetime) -> bytes:
        database = await Database.open(tmp_path / "amphi.sqlite3")
        try:
            async with database.read() as tx:
                liste = await listes.get(tx, "MG")
                document, _ = await edition_builders.liste_appel(
                    tx, liste, db_setup.config(), moment
                )
        finally:
            await database.close()
        return editions.rendre(document)[0]

    moment = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
    first, second = asyncio.run(edition(moment)), asyncio.run(edition(moment))
    assert first == second
    later = asyncio.run(edition(datetime(2026, 11, 22, 8, 31, tzinfo=UTC)))
    assert later != first
    (tmp_path / "edition.pdf").write_bytes(first)
    lines = pages_text(tmp_path / "edition.pdf")[0]
    assert lines[-1].startswith("Édité le 22/11/2026 à 09:30 (heure de Paris)")
    assert " ".join(lines[1:3]).startswith(
        "Subdivision : Amiens · Médecine · Médecine générale · Semestre d'hiver 2026-2027 · "
        "60 interne(s) · édition du 22/11/2026 à 09:30"
    )


def test_the_signature_sheet_leaves_room_to_sign(tmp_path):
    people = big_list(tmp_path, count=40)
    result = amphi(tmp_path, "pdf", "emargement", "--liste", "MG", "--sortie", "signer.pdf")
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(tmp_path / "signer.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        signature = next(w for w in words if w["text"] == "Signature")
        choice = next(w for w in words if w["text"] == "choisi")
        heading_bottom = signature["bottom"]
        rows = [
            w for w in words if w["x0"] < 60 and w["top"] > heading_bottom and w["text"].isdigit()
        ]
        tops = [w["top"] for w in rows]
        assert min(b - a for a, b in itertools.pairwise(tops)) >= 12 / 25.4 * 72, "rows ≥ 12 mm"
        footer = page.height - 15 / 25.4 * 72
        written = [
            w for w in words if heading_bottom < w["top"] < footer and w["x0"] >= choice["x0"] - 30
        ]
        assert written == [], "choice and signature left blank"
    headings = "Rang Nom Prénom Poste choisi Signature"
    lines = [row for page in pages_text(tmp_path / "signer.pdf") for row in body(page, headings)]
    assert lines == [f"{rang} {nom} {prenom}" for rang, (nom, prenom) in enumerate(people, start=1)]


def test_the_results_show_who_took_what_with_the_marks_and_per_poste(workdir):
    ranked(workdir)
    for args in (
        ("procuration", "5", "--telephone", "06 12 34 56 78", "--voeux", "MG-1", "MG-2", "MG-3"),
        ("particulier", "6", "--liste", "MG", "--surnombre", "validant"),
        ("particulier", "4", "--liste", "MG", "--fleche", "MG-2"),
    ):
        assert amphi(workdir, *args).returncode == 0
    for args in (
        ("ouvrir",), ("choisir", "1", "MG-1"), ("absent", "2"), ("choisir", "3", "MG-2"),
        ("absent", "5"), ("choisir", "6", "MG-3"),
    ):  # fmt: skip
        result = amphi(workdir, "appel", *args, "--liste", "MG")
        assert result.returncode == 0, (args, result.stderr)
    provisional = amphi(workdir, "pdf", "resultats", "--liste", "MG", "--sortie", "r.pdf")
    assert provisional.returncode == 0, provisional.stderr
    assert (
        "PROVISOIRE — choix non clos : 1 absent(s) à affecter d'office"
        in pages_text(workdir / "r.pdf")[0]
    )
    for args in (("office", "2", "MG-3"), ("clore",)):
        result = amphi(workdir, "appel", *args, "--liste", "MG")
        assert result.returncode == 0, (args, result.stderr)
    result = amphi(workdir, "pdf", "resultats", "--liste", "MG")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Résultats du choix — MG : 6 ligne(s), 2 page(s)")
    first, second = pages_text(workdir / "resultats_MG.pdf")
    assert not any("PROVISOIRE" in line for line in first + second)
    assert "Par rang d'appel" in first and "Par poste" in second
    par_rang = first[first.index("Rang Nom Prénom Poste Terrain Mention") + 1 :][:6]
    assert par_rang == [
        "1 Nom1 Prénom MG-1 CHU Amiens — service 1",
        "2 Nom2 Prénom MG-3 CHU Amiens — service 3 affecté d'office",
        "3 Nom3 Prénom MG-2 CHU Amiens — service 2",
        "4 Nom4 Prénom MG-2 CHU Amiens — service 2 stage fléché",
        "5 Nom5 Prénom MG-1 CHU Amiens — service 1 par procuration",
        "6 Nom6 Prénom MG-3 CHU Amiens — service 3 surnombre validant",
    ]
    par_poste = second[second.index("Poste Terrain Occupées Rang Nom Prénom Mention") + 1 :]
    assert par_poste[:6] == [
        "MG-1 CHU Amiens — service 1 2 / 2 1 Nom1 Prénom",
        "5 Nom5 Prénom par procuration",
        "MG-2 CHU Amiens — service 2 2 / 2 3 Nom3 Prénom",
        "4 Nom4 Prénom stage fléché",
        "MG-3 CHU Amiens — service 3 1 / 2 2 Nom2 Prénom affecté d'office",
        "6 Nom6 Prénom surnombre validant",
    ]
    assert par_poste[6] == "1 place(s) libre(s)"


def test_an_order_with_unresolved_ex_aequo_is_not_printed(workdir):
    for args in (
        ("import", "internes", "internes.csv", "--oui"),
        ("import", "postes", "postes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
    ):
        assert amphi(workdir, *args).returncode == 0
    for edition in ("appel", "emargement"):
        result = amphi(workdir, "pdf", edition, "--liste", "MG")
        assert result.returncode == 2 and result.stdout == ""
        assert "1 groupe(s) d'ex-aequo non départagé(s) (rang(s) 2)" in result.stderr
        assert 'amphi exaequo --liste "MG"' in result.stderr
    assert not list(workdir.glob("*.pdf"))
    early = amphi(workdir, "pdf", "resultats", "--liste", "MG")
    assert early.returncode == 2 and "le choix n'est pas ouvert" in early.stderr
    unranked = amphi(workdir, "pdf", "appel", "--liste", "Psy")
    assert unranked.returncode == 2 and "pas encore de classement" in unranked.stderr
    for args in (
        ("exaequo", "ordonner", "--groupe", "1", "3", "2", "--liste", "MG"),
        ("exaequo", "valider", "--liste", "MG"),
    ):
        assert amphi(workdir, *args).returncode == 0
    assert amphi(workdir, "pdf", "appel", "--liste", "MG").returncode == 0
    [draft] = pages_text(workdir / "appel_MG.pdf")
    assert "PROVISOIRE — classement final non encore validé" in draft
    assert [line.split()[:2] for line in body(draft, APPEL_HEADINGS)][:3] == [
        ["1", "Nom1"], ["2", "Nom3"], ["3", "Nom2"],
    ]  # fmt: skip
    assert amphi(workdir, "final", "valider", "--liste", "MG").returncode == 0
    assert amphi(workdir, "pdf", "appel", "--liste", "MG").returncode == 0
    [final] = pages_text(workdir / "appel_MG-2.pdf")  # the draft printed before is kept
    assert not any("PROVISOIRE" in line for line in final)
    assert pages_text(workdir / "appel_MG.pdf") == [draft]
    assert amphi(workdir, "pdf", "appel", "--liste", "MG", "--remplacer").returncode == 0
    [replaced] = pages_text(workdir / "appel_MG.pdf")
    assert body(replaced, APPEL_HEADINGS) == body(final, APPEL_HEADINGS)


def test_a_name_the_font_cannot_print_prints_with_a_square_said_on_the_page(tmp_path):
    """Any name the import accepts prints: a character the font lacks (an emoji, a sinogram)
    becomes « □ », the rest of the name stays, and the page says what the square means."""
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    rows = [
        interne("1", nom="Dupont", rin=1),
        interne("2", nom="李", prenom="Wei", rin=2),
        interne("3", nom="Martin", prenom="Zoé 🌸", rin=3),
    ]
    (tmp_path / "internes.csv").write_bytes(csv_bytes(rows))
    for args in (
        ("import", "internes", "internes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
    ):
        assert amphi(tmp_path, *args).returncode == 0
    for edition in ("appel", "emargement"):
        result = amphi(tmp_path, "pdf", edition, "--liste", "MG")
        assert result.returncode == 0, result.stderr
    text = "\n".join(line for page in pages_text(tmp_path / "appel_MG.pdf") for line in page)
    assert "Martin Zoé □" in text and "□ Wei" in text and "Dupont" in text
    assert "□ : caractère que la police ne sait pas imprimer" in text


def test_the_output_goes_where_said_and_a_missing_folder_is_named(tmp_path):
    big_list(tmp_path, count=3)
    result = amphi(tmp_path, "pdf", "appel", "--liste", "MG", "--sortie", "nulle/part.pdf")
    assert result.returncode == 2
    assert "argument --sortie : le dossier « nulle » n'existe pas" in result.stderr
    (tmp_path / "impressions").mkdir()
    result = amphi(tmp_path, "pdf", "emargement", "--liste", "mg", "--sortie", "impressions")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("→ impressions/emargement_MG.pdf\n")
    written = tmp_path / "impressions" / "emargement_MG.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    assert written.stat().st_mode & 0o044, "readable by the printer queue, not private"
    assert [p.name for p in (tmp_path / "impressions").iterdir()] == ["emargement_MG.pdf"]


def test_a_group_going_over_a_page_break_repeats_its_head_and_long_names_shrink(tmp_path):
    long_name = "de La Tour d’Auvergne-Lauraguais-Montmorency-Beaufort"
    rows = [("P-1", "CHU Nord", str(n), long_name if n == 1 else f"Nom{n}") for n in range(1, 61)]
    rows += [("P-2", "CHU Sud", "61", "Nom61")]
    document = Document(
        "Essai",
        "Subdivision : Amiens",
        datetime(2026, 11, 22, 8, 0, tzinfo=UTC),
        (
            Tableau(
                None,
                (Colonne("Poste", 30), Colonne("Terrain", 40), Colonne("Rang", 20, "R"),
                 Colonne("Nom", 50)),
                [row if n == 0 or row[0] == "P-2" else ("", "", *row[2:]) for n, row in enumerate(rows)],
                groupes=[0] * 60 + [1],
                repeter=2,
            ),
        ),
    )  # fmt: skip
    data, pages = editions.rendre(document)
    (tmp_path / "essai.pdf").write_bytes(data)
    first, second = pages_text(tmp_path / "essai.pdf")
    assert pages == 2
    assert "P-1 CHU Nord 1" in first and "2 Nom2" in first
    continued = second[second.index("Poste Terrain Rang Nom") + 1]
    assert re.fullmatch(r"P-1 CHU Nord \d+ Nom\d+", continued), continued
    with pdfplumber.open(tmp_path / "essai.pdf") as pdf:
        page = pdf.pages[0]
        rank = next(w for w in page.extract_words() if w["text"] == "1" and w["x0"] > 200)
        mm = 72 / 25.4
        cell = page.crop(
            ((10 + 30 + 40 + 20) * mm, rank["top"] - 3 * mm, 150 * mm, rank["bottom"] + 3 * mm)
        )
        lines = cell.extract_text().splitlines()
        assert "".join(line if line.endswith("-") else line + " " for line in lines).strip() == (
            long_name
        ), "whole, on two lines inside its cell"
