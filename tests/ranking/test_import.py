"""Import of the internes file: every error kind named by line and column, nothing half-read."""

import io

import pytest
from openpyxl import Workbook

from ranking.errors import InvalidInput
from ranking.importer import parse_internes
from ranking.model import Concours, Formation
from tests.conftest import COLUMNS, csv_bytes, interne


def refused(data: bytes) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        parse_internes(data, "internes.csv")
    return error.value.messages()


def test_a_good_file_is_read_with_typed_values():
    rows = [interne("1", rin="12,5", formation="Médecine", concours="edn")]
    [one] = parse_internes(csv_bytes(rows), "internes.csv")
    assert one.formation is Formation.MEDECINE
    assert one.concours is Concours.EDN
    assert float(one.rin) == 12.5
    assert one.promotion == 2024 and one.semestres_valides == 4 and one.actif


def test_missing_column_is_named_on_the_header_line():
    data = b"id,nom,prenom,formation,des,discipline,circonscription,concours,rang_concours,semestres_valides\n"
    assert refused(data) == [
        "internes.csv, ligne 1, colonne promotion : colonne obligatoire manquante : promotion"
    ]


def test_empty_required_cell():
    assert refused(csv_bytes([interne("1"), interne("2", nom="")])) == [
        "internes.csv, ligne 3, colonne nom : cellule vide : valeur obligatoire"
    ]


def test_promotion_that_is_not_a_year():
    assert refused(csv_bytes([interne("1", promotion="20x4")])) == [
        "internes.csv, ligne 2, colonne promotion : « 20x4 » n'est pas une année"
    ]


def test_rank_that_is_not_a_positive_integer():
    messages = refused(
        csv_bytes([interne("1", rang_concours="3,5"), interne("2", rang_concours="0")])
    )
    assert messages == [
        "internes.csv, ligne 2, colonne rang_concours : « 3,5 » n'est pas un rang (nombre entier de 1 à 1 000 000)",
        "internes.csv, ligne 3, colonne rang_concours : « 0 » n'est pas un rang (nombre entier de 1 à 1 000 000)",
    ]


def test_semesters_that_are_not_a_count():
    assert refused(csv_bytes([interne("1", semestres_valides="-1")])) == [
        "internes.csv, ligne 2, colonne semestres_valides : « -1 » n'est pas un nombre de semestres "
        "(nombre entier de 0 à 30)"
    ]


def test_unknown_formation():
    assert refused(csv_bytes([interne("1", formation="chirurgie")])) == [
        "internes.csv, ligne 2, colonne formation : « chirurgie » n'est pas une formation "
        "(medecine, pharmacie ou odontologie)"
    ]


def test_unknown_concours():
    assert refused(csv_bytes([interne("1", concours="PACES")])) == [
        "internes.csv, ligne 2, colonne concours : « PACES » n'est pas un concours (ECN, EDN, EUR, MT ou ETR)"
    ]


def test_duplicate_id_names_both_lines():
    assert refused(csv_bytes([interne("7"), interne("8"), interne("7")])) == [
        "internes.csv, ligne 4, colonne id : l'identifiant « 7 » figure déjà ligne 2"
    ]


def test_medecine_needs_a_discipline():
    assert refused(csv_bytes([interne("1", discipline="")])) == [
        "internes.csv, ligne 2, colonne discipline : cellule vide : la discipline est obligatoire en médecine"
    ]


def test_hors_discipline_into_his_own_discipline_is_refused():
    [message] = refused(csv_bytes([interne("1", hors_discipline="médecine GÉNÉRALE")]))
    assert message.startswith(
        "internes.csv, ligne 2, colonne hors_discipline : « médecine GÉNÉRALE »"
    )


def test_medecine_rules_name_only_medecine_rows_in_line_order():
    pharmacie = {"formation": "pharmacie", "des": "Pharmacie", "discipline": ""}
    rows = [
        interne("1", **pharmacie),
        interne("2", hors_discipline="Psychiatrie"),
        interne("3", hors_discipline="Médecine générale"),
        interne("4", **pharmacie, hors_discipline="Pharmacie"),
        interne("5", discipline=""),
    ]
    assert [m.split(" : ", 1)[0] for m in refused(csv_bytes(rows))] == [
        "internes.csv, ligne 4, colonne hors_discipline",
        "internes.csv, ligne 6, colonne discipline",
    ]


def test_every_error_of_the_file_is_listed_not_only_the_first():
    rows = [
        interne("1", promotion="20x4"),
        interne("2", formation="chirurgie", concours="?"),
        interne("1", rin="abc", discipline=""),
    ]
    messages = refused(csv_bytes(rows))
    assert len(messages) == 6
    assert [m.split(" : ")[0] for m in messages] == [
        "internes.csv, ligne 2, colonne promotion",
        "internes.csv, ligne 3, colonne formation",
        "internes.csv, ligne 3, colonne concours",
        "internes.csv, ligne 4, colonne id",
        "internes.csv, ligne 4, colonne discipline",
        "internes.csv, ligne 4, colonne rin",
    ]


def test_line_numbers_count_blank_lines_and_multiline_cells():
    data = (
        csv_bytes([interne("1")])
        + b"\r\n"
        + csv_bytes([interne("2", nom="A\nB", promotion="x")]).split(b"\r\n", 1)[1]
        + csv_bytes([interne("3", promotion="y")]).split(b"\r\n", 1)[1]
    )
    assert refused(data) == [
        "internes.csv, ligne 4, colonne nom : caractère interdit U+000A (retour à la ligne) "
        "dans « A�B »",
        "internes.csv, ligne 4, colonne promotion : « x » n'est pas une année",
        "internes.csv, ligne 6, colonne promotion : « y » n'est pas une année",
    ]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8"), (";", "utf-8-sig"), (";", "cp1252"), (",", "cp1252")],
)
def test_separators_and_encodings(delimiter, encoding):
    rows = [interne("1", nom="Lévêque", prenom="Anaïs", rin="1523,5")]
    [one] = parse_internes(csv_bytes(rows, delimiter, encoding), "internes.csv")
    assert (one.nom, one.prenom, float(one.rin)) == ("Lévêque", "Anaïs", 1523.5)


def test_header_names_ignore_case_accents_and_spaces():
    data = (
        csv_bytes([interne("1")])
        .replace(b"prenom", "Prénom".encode())
        .replace(b"rang_concours", b"Rang concours")
    )
    [one] = parse_internes(data, "internes.csv")
    assert one.prenom == "Prénom" and one.rang_concours == 1


def test_unreadable_bytes_are_refused_with_their_line():
    data = csv_bytes([interne("1")]) + b"2,\x81\x8d,x\r\n"
    assert refused(data) == [
        "internes.csv, ligne 3 : octet 0x81 illisible en UTF-8 : le fichier est en UTF-8 mais "
        "cette ligne n'est lisible ni en UTF-8 ni en Windows-1252 ; enregistrer tout le fichier "
        "en UTF-8"
    ]


def test_a_file_in_neither_encoding_is_refused_with_its_line():
    data = ",".join(COLUMNS).encode() + b"\r\n1,\x81\x8d,x\r\n"
    assert refused(data) == [
        "internes.csv, ligne 2 : encodage illisible : ni UTF-8 ni Windows-1252 (cp1252)"
    ]


def test_a_header_without_rows_is_refused():
    assert refused(",".join(COLUMNS).encode()) == [
        "internes.csv : le fichier ne contient aucun interne"
    ]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_numbers_typed_by_excel():
    header = ["id", "nom", "prenom", "formation", "des", "discipline", "circonscription", "promotion",
              "concours", "rang_concours", "rin", "semestres_valides"]  # fmt: skip
    data = _xlsx([header, [20240001, "Nguyễn", "Thị Ánh", "médecine", "Psychiatrie", "Psychiatrie",
                           "Amiens", 2024, "EDN", 12, 12.5, 4.0]])  # fmt: skip
    [one] = parse_internes(data, "internes.xlsx")
    assert (one.id, one.nom, one.promotion, float(one.rin), one.semestres_valides) == (
        "20240001", "Nguyễn", 2024, 12.5, 4,
    )  # fmt: skip


def test_xlsx_errors_are_located_like_csv_ones():
    header = ["id", "nom", "prenom", "formation", "des", "discipline", "circonscription", "promotion",
              "concours", "rang_concours", "semestres_valides"]  # fmt: skip
    data = _xlsx([header, [1, "A", "B", "medecine", "X", "X", "Amiens", "deux mille", "EDN", 1, 2]])
    with pytest.raises(InvalidInput) as error:
        parse_internes(data, "internes.xlsx")
    assert error.value.messages() == [
        "internes.xlsx, ligne 2, colonne promotion : « deux mille » n'est pas une année"
    ]


def test_a_broken_xlsx_is_refused():
    with pytest.raises(InvalidInput) as error:
        parse_internes(b"PK\x03\x04 not really a zip", "internes.xlsx")
    assert error.value.messages()[0].startswith("internes.xlsx : fichier XLSX illisible")


def test_a_huge_cell_is_refused_with_its_line():
    data = csv_bytes([interne("1"), interne("2", nom="x" * 10_000_000)])
    [message] = refused(data)
    assert message.startswith("internes.csv, ligne 3")
    assert "trop long" in message


def test_a_nul_byte_in_a_utf8_file_is_located_by_line_and_column():
    data = csv_bytes([interne(id="1"), interne(id="2", nom="Du\x00pont")])
    messages = refused(data)
    assert len(messages) == 1
    assert messages[0].startswith("internes.csv, ligne 3, colonne nom : caractère NUL")


def test_spaces_around_a_cell_are_ignored_and_a_blank_cell_is_empty():
    rows = [
        interne("1", promotion=" 2024 ", formation="  Médecine", rang_concours="7 "),
        interne("2", rang_concours="   "),
    ]
    assert refused(csv_bytes(rows)) == [
        "internes.csv, ligne 3, colonne rang_concours : cellule vide : valeur obligatoire"
    ]
    [one] = parse_internes(csv_bytes(rows[:1]), "internes.csv")
    assert (one.promotion, one.formation, one.rang_concours) == (2024, Formation.MEDECINE, 7)


def test_an_xlsx_row_spanning_thousands_of_columns_is_refused_before_its_cells_are_read():
    """A cell far right makes every row that wide (a few bytes zipped, millions of cells)."""
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append(list(interne("1").values()))
    sheet.cell(row=3, column=16_000, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InvalidInput) as error:
        parse_internes(buffer.getvalue(), "internes.xlsx")
    assert error.value.messages() == [
        "internes.xlsx : la feuille s'étend sur 16000 colonnes : amphi en lit au plus 200 ; "
        "rien n'est importé"
    ]
