"""Whatever a file holds, the importers answer with the French error type or typed records:
never another exception (it would reach a gestionnaire as a traceback)."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.operations.tableur import csv_text
from ranking.errors import InvalidInput
from ranking.importer import parse_internes
from ranking.postes import parse_postes
from tests.conftest import COLUMNS, csv_bytes, interne

POSTE_COLUMNS = ["id", "terrain", "liste", "capacite", "type"]
ODD_VALUES = [
    "", "0", "-1", "inf", "nan", "1e309", "9" * 30, "٣", "²", "３", "1,5", "1 000", "10 000 000",
    "2024\u202e", "\u200b", "a\nb", "\x00", "x" * 300, "=1+1", "oui", "NON", "2100", "1949",
    "ÉDN", "ecn", "Médecine", "pharmacie ", " ", "\ufeff", "\ud7ff", "�",
]  # fmt: skip
cells = st.sampled_from(ODD_VALUES) | st.text(max_size=40)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _accepts_or_refuses_in_french(parse) -> None:
    try:
        parse()
    except InvalidInput as error:
        for message in error.messages():
            assert message and "Traceback" not in message


@FUZZ
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_as_an_internes_file(data):
    _accepts_or_refuses_in_french(lambda: parse_internes(data, "internes.csv"))


@FUZZ
@given(st.binary(max_size=2_000))
def test_arbitrary_bytes_as_a_postes_file(data):
    _accepts_or_refuses_in_french(lambda: parse_postes(data, "postes.csv", ["MG", "Psy"]))


@FUZZ
@given(
    st.lists(st.dictionaries(st.sampled_from(COLUMNS), cells, max_size=6), min_size=1, max_size=4),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_arbitrary_cells_in_an_internes_file(changes, encoding):
    rows = [{**interne(str(n + 1)), **change} for n, change in enumerate(changes)]
    try:
        data = csv_bytes(rows, encoding=encoding)
    except UnicodeEncodeError:
        return  # not writable in that encoding: no such file exists
    _accepts_or_refuses_in_french(lambda: parse_internes(data, "internes.csv"))


@FUZZ
@given(st.lists(st.lists(cells, min_size=3, max_size=6), min_size=1, max_size=4))
def test_arbitrary_cells_in_a_postes_file(rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(POSTE_COLUMNS)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8", errors="surrogatepass")
    _accepts_or_refuses_in_french(lambda: parse_postes(data, "postes.csv", ["MG", "Psy"]))


@FUZZ
@given(st.lists(st.lists(cells, min_size=1, max_size=3), min_size=1, max_size=5))
def test_a_csv_export_never_starts_a_cell_with_a_formula(rows):
    exported = csv_text(("a", "b", "c"), rows)
    for row in list(csv.reader(io.StringIO(exported, newline="")))[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r"
