"""`amphi exemple --postes`: the sample internes come with their postes file, and a newcomer
imports both and ranks every list of the example configuration, each with a place for all."""

import csv
import re
import shutil
import tomllib
from pathlib import Path

from tests.cli_harness import amphi

EXAMPLE = Path(__file__).parents[2] / "config.example.toml"
LISTES = len(tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["listes"])
"""The lists of the example configuration: the sample has internes for each."""


def test_the_sample_and_its_postes_import_and_every_list_has_a_place_for_each(tmp_path):
    made = amphi(
        tmp_path, "exemple", "--internes", "600", "--circonscription", "Amiens", "--graine", "4",
        "--sortie", "internes.csv", "--postes", "postes.csv",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(
        r"600 internes écrits dans internes\.csv\n"
        rf"\d+ postes \(\d+ places, {LISTES} listes\) écrits dans postes\.csv\n",
        made.stdout,
    ), made.stdout
    shutil.copy(EXAMPLE, tmp_path / "config.toml")  # the configuration the sample goes with
    for kind in ("internes", "postes"):
        imported = amphi(tmp_path, "import", kind, f"{kind}.csv", "--oui")
        assert imported.returncode == 0, imported.stderr
        assert imported.stdout.rstrip().endswith("Appliqué.")
    with (tmp_path / "postes.csv").open(encoding="utf-8") as file:
        postes = list(csv.DictReader(file))
    places: dict[str, int] = {}
    for poste in postes:
        places[poste["liste"]] = places.get(poste["liste"], 0) + int(poste["capacite"])
    assert len(places) == LISTES
    for liste in places:
        ranked = amphi(tmp_path, "preclassement", "--liste", liste)
        assert ranked.returncode == 0, ranked.stderr
    shown = amphi(tmp_path, "listes")
    rows = [line.split() for line in shown.stdout.splitlines() if line[:5].strip().isdigit()]
    assert len(rows) == LISTES, shown.stdout
    for row in rows:  # … Classés  Ex-aequo  Postes  Places  Choix
        assert int(row[-2]) > int(row[-5]) > 0, " ".join(row)
    mg = [p for p in postes if p["liste"].startswith("MG ")]
    assert {p["type"] for p in mg} == {"SASPAS", "Libre", "SN2"}  # the MG maquette's types
    assert any(p["etablissement"] == "CHU Amiens-Picardie" for p in mg)


def test_the_postes_file_is_never_the_internes_file(tmp_path):
    said = amphi(tmp_path, "exemple", "--internes", "5", "--sortie", "f.csv", "--postes", "f.csv")
    assert said.returncode == 2
    assert (
        said.stderr == "erreur : argument --postes : « f.csv » est déjà le fichier des internes\n"
    )
    assert not (tmp_path / "f.csv").exists()


def test_the_help_states_the_limits_and_defaults(tmp_path):
    shown = amphi(tmp_path, "exemple", "--help")
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    assert "--internes INTERNES nombre d'internes, de 5 à 200 000 (défaut : 50 000)" in text
    assert "de 2000 à 2100 (défaut : 2026)" in text


def test_a_list_nobody_is_in_is_named_not_an_argument_nobody_typed(tmp_path):
    # A newcomer tries a small sample: some lists of the example configuration get postes but
    # no interne. Their pré-classement names the list (not « argument --discipline », which he
    # never typed) and says what it means for him.
    made = amphi(
        tmp_path, "exemple", "--internes", "80", "--circonscription", "Amiens",
        "--sortie", "internes.csv", "--postes", "postes.csv",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    shutil.copy(EXAMPLE, tmp_path / "config.toml")
    for kind in ("internes", "postes"):
        assert amphi(tmp_path, "import", kind, f"{kind}.csv", "--oui").returncode == 0
    with (tmp_path / "internes.csv").open(encoding="utf-8") as file:
        present = {row["discipline"] for row in csv.DictReader(file)}
    assert "Santé publique" not in present  # the case this test is about
    refused = amphi(tmp_path, "preclassement", "--liste", "Santé publique")
    assert refused.returncode == 2
    assert "argument --discipline" not in refused.stderr and "Traceback" not in refused.stderr
    assert (
        "liste « Santé publique » : aucun interne de médecine d'Amiens en « Santé publique »"
        in refused.stderr
    )
    assert "personne à classer sur cette liste" in refused.stderr


def test_a_levee_already_valid_names_the_next_step(tmp_path):
    # Without ex-aequo, the pré-classement goes straight to the classement final; the newcomer
    # who follows the README's steps and validates the levée is told what is left to do.
    made = amphi(
        tmp_path, "exemple", "--internes", "80", "--circonscription", "Amiens",
        "--sortie", "internes.csv", "--postes", "postes.csv",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    shutil.copy(EXAMPLE, tmp_path / "config.toml")
    assert amphi(tmp_path, "import", "internes", "internes.csv", "--oui").returncode == 0
    ranked = amphi(tmp_path, "preclassement", "--liste", "MG consolidation")
    assert ranked.returncode == 0 and "0 groupe(s) d'ex-aequo" in ranked.stdout, ranked.stdout
    again = amphi(tmp_path, "exaequo", "valider", "--liste", "MG consolidation")
    assert again.returncode == 2
    assert "reste à valider le classement final" in again.stderr
    assert 'amphi final valider --liste "MG consolidation"' in again.stderr
