"""`amphi semestre suivant` as a gestionnaire runs it (real processes): refused while a choice
is not closed, naming the list; previewed and asked; built with --oui; the journal verified
across the archive; a second run refused, the new semester not being called yet."""

import sqlite3

from tests import hiver
from tests.cli_harness import amphi, ranked
from tests.conftest import csv_bytes, interne
from tests.db_setup import postes_csv

CONFIG = (
    hiver.CONFIG.split('[[listes]]\nnom = "Psy"')[0]
    + hiver.MAQUETTE
    + "\n[telegram]\ngestionnaires = [900]\n"  # no token on the laptop: still known
)


def _winter(workdir) -> None:
    (workdir / "config.toml").write_text(CONFIG, encoding="utf-8")
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows[5].update(semestres_valides="7", promotion="2021", phase="consolidation")
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    (workdir / "postes.csv").write_bytes(postes_csv({"MG": 6}))
    ranked(workdir)
    opened = amphi(workdir, "appel", "ouvrir", "--liste", "MG")
    assert opened.returncode == 0, opened.stderr


def test_the_next_semester_waits_for_the_choice_then_is_shown_asked_and_built(tmp_path):
    _winter(tmp_path)
    refused = amphi(tmp_path, "semestre", "suivant", "--oui")
    assert refused.returncode == 2
    assert "« MG » (choix en cours)" in refused.stderr and "Traceback" not in refused.stderr
    for acte in (("choisir", "6", "MG-1"), ("choisir", "1", "MG-1"), ("choisir", "2", "MG-2"),
                 ("choisir", "3", "MG-2"), ("choisir", "4", "MG-3"), ("choisir", "5", "MG-3"),
                 ("clore",)):  # fmt: skip
        done = amphi(tmp_path, "appel", *acte, "--liste", "MG")
        assert done.returncode == 0, (acte, done.stderr)

    asked = amphi(tmp_path, "semestre", "suivant")  # no terminal: shown, nothing applied
    assert asked.returncode == 1
    assert "Semestre d'été 2027, construit depuis le semestre d'hiver 2026-2027 :" in asked.stdout
    assert "6 interne(s) reporté(s), 6 stage(s) ajouté(s)" in asked.stdout
    assert "1 en fin d'internat" in asked.stdout and "--oui" in asked.stdout
    assert not (tmp_path / "amphi-2026-11.sqlite3").exists()

    built = amphi(tmp_path, "semestre", "suivant", "--oui")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("✔ Semestre d'été 2027 construit.\n")
    assert "« amphi-2026-11.sqlite3 »" in built.stdout
    assert (tmp_path / "amphi-2026-11.sqlite3").stat().st_mode & 0o077 == 0
    with sqlite3.connect(tmp_path / "amphi.sqlite3") as told:  # the bot sends it when it runs
        assert told.execute(
            "SELECT telegram_id FROM notification WHERE cle LIKE 'semestre:2027-05:g:%'"
        ).fetchall() == [(900,)]

    shown = amphi(tmp_path, "semestre")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Semestre d'été 2027 (2027-05), Amiens\n")
    assert "semestre 2026-11 : « amphi-2026-11.sqlite3 » (journal jusqu'à la n°" in shown.stdout
    for base in ("amphi.sqlite3", "amphi-2026-11.sqlite3"):
        verified = amphi(tmp_path, "journal", "--verifier", "--db", base)
        assert verified.returncode == 0 and "Journal intact" in verified.stdout, verified.stderr

    # the commission does not validate the last stage of the interne who ended his DES
    undone = amphi(tmp_path, "validation", "6", "2026-11", "non", "--oui")
    assert undone.returncode == 0, undone.stderr
    assert "semestres validés 8 → 7" in undone.stdout
    assert (
        "6 n'est plus en fin d'internat mais reste inactif : le réactiver par le fichier des "
        "internes (actif = oui, son téléphone) et lui donner une invitation" in undone.stdout
    )

    again = amphi(tmp_path, "semestre", "suivant", "--oui")
    assert again.returncode == 2
    assert "le semestre d'été 2027 (2027-05) n'a encore clos aucun choix" in again.stderr
    listed = amphi(tmp_path, "listes")  # the configuration still says 2026-11: said, not refused
    assert listed.returncode == 0 and "Semestre d'été 2027" in listed.stdout


def test_the_configuration_naming_the_next_semester_before_it_is_built_is_refused(tmp_path):
    _winter(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(CONFIG.replace('code = "2026-11"', 'code = "2027-05"'), encoding="utf-8")
    refused = amphi(tmp_path, "listes")
    assert refused.returncode == 2
    assert "la configuration annonce 2027-05, le semestre suivant" in refused.stderr
    assert "amphi semestre suivant" in refused.stderr


def test_the_counts_of_the_change_add_up_and_the_next_steps_are_named(tmp_path):
    # A newcomer's winter: an interne already inactive in the file is carried as he was; the
    # preview names him (7 carried = 6 stages + 0 without a place + 1 inactive), and once built
    # the gestionnaire is told what comes next (configuration, the new files, validation).
    _winter(tmp_path)
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows[5].update(semestres_valides="7", promotion="2021", phase="consolidation")
    rows.append(interne("7", nom="Nom7", actif="non"))
    (tmp_path / "internes.csv").write_bytes(csv_bytes(rows))
    added = amphi(tmp_path, "import", "internes", "internes.csv", "--oui")
    assert added.returncode == 0, added.stderr
    for acte in (("choisir", "6", "MG-1"), ("choisir", "1", "MG-1"), ("choisir", "2", "MG-2"),
                 ("choisir", "3", "MG-2"), ("choisir", "4", "MG-3"), ("choisir", "5", "MG-3"),
                 ("clore",)):  # fmt: skip
        done = amphi(tmp_path, "appel", *acte, "--liste", "MG")
        assert done.returncode == 0, (acte, done.stderr)

    asked = amphi(tmp_path, "semestre", "suivant")
    assert (
        "7 interne(s) reporté(s) (dont 1 déjà inactif(s) : ni place ni stage), 6 stage(s) "
        "ajouté(s)" in asked.stdout
    )
    assert "Ensuite" not in asked.stdout  # nothing built yet

    built = amphi(tmp_path, "semestre", "suivant", "--oui")
    assert built.returncode == 0, built.stderr
    assert "(dont 1 déjà inactif(s) : ni place ni stage)" in built.stdout
    assert '[semestre] code = "2027-05"' in built.stdout
    assert "amphi import internes" in built.stdout and "amphi import postes" in built.stdout
    assert "amphi validation ID 2026-11 non" in built.stdout
