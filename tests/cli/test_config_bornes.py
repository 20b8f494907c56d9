"""Every number of the configuration has bounds: a delay of 10²⁰ seconds, a list called at
order 10³⁰ or a promotion of a billion internes is refused, in French, naming key and line."""

import re

import pytest

from tests import db_setup
from tests.cli_harness import amphi, ranked


@pytest.mark.parametrize(
    ("added", "said"),
    [
        (
            "[appel]\ndelai_secondes = 99999999999999999999\n",
            "config.toml, ligne 19 : [appel] delai_secondes : « 99999999999999999999 » (nombre "
            "entier de secondes, de 10 à 86 400 : 24 heures)",
        ),
        (
            "[appel]\ndelai_secondes = 5\n",
            "config.toml, ligne 19 : [appel] delai_secondes : « 5 » (nombre entier de secondes, "
            "de 10 à 86 400 : 24 heures)",
        ),
        (
            '[[listes]]\nnom = "Pédiatrie"\nformation = "medecine"\ndiscipline = "Pédiatrie"\n'
            "ordre = 1000000000000000000000000000000\n",
            "config.toml, ligne 22 : [[listes]] « Pédiatrie » : ordre d'appel (entier de 1 à "
            "1000) obligatoire",
        ),
        (
            "[classement.effectifs_nationaux]\n2024 = 1000000000\n",
            "config.toml, ligne 19 : [classement.effectifs_nationaux] 2024 : « 1000000000 » "
            "n'est pas un effectif (nombre entier de 1 à 1 000 000)",
        ),
        ("[appel]\ndelai_secondes = " + "9" * 5000 + "\n", "nombre de plus de 4 300 chiffres"),
    ],
)
def test_a_number_out_of_its_range_is_refused_with_its_key_and_line(tmp_path, added, said):
    (tmp_path / "config.toml").write_text(db_setup.CONFIG + "\n" + added, encoding="utf-8")
    result = amphi(tmp_path, "listes")
    assert result.returncode == 2, result.stdout
    assert said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_day_long_delay_is_accepted(tmp_path):
    text = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 86400\na_distance = ["MG"]\n'
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    result = amphi(tmp_path, "listes")
    assert "delai_secondes" not in result.stderr, result.stderr


def test_the_delay_left_is_shown_in_minutes_and_seconds(workdir):
    config = workdir / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[appel]\ndelai_secondes = 3600\na_distance = ["MG"]\n',
        encoding="utf-8",
    )
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG", "--oui").returncode == 0
    shown = amphi(workdir, "appel", "--liste", "MG")
    assert shown.returncode == 0, shown.stderr
    delay = next(line for line in shown.stdout.splitlines() if line.startswith("Délai"))
    assert re.fullmatch(
        r"Délai : (59 min \d\d s|1 h 00 min 00 s) restantes sur 1 h 00 min 00 s", delay
    ), delay
