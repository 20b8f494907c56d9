"""The change of semester attacked (real processes): what lies at an archive's name is
checked before `--semestre` reads or writes it, and hostile files are refused in French."""

import sqlite3

from tests.cli.test_cli_semestres import CONFIG, _winter
from tests.cli_harness import amphi, once, ranked
from tests.conftest import csv_bytes, interne
from tests.db_setup import postes_csv

CHOICES = (("choisir", "6", "MG-1"), ("choisir", "1", "MG-1"), ("choisir", "2", "MG-2"),
           ("choisir", "3", "MG-2"), ("choisir", "4", "MG-3"), ("choisir", "5", "MG-3"),
           ("clore",))  # fmt: skip


def _summer(workdir) -> None:
    """Winter called and closed, then summer built from it (the archive beside the base)."""

    def steps() -> None:
        _winter(workdir)
        for acte in CHOICES:
            done = amphi(workdir, "appel", *acte, "--liste", "MG")
            assert done.returncode == 0, (acte, done.stderr)
        built = amphi(workdir, "semestre", "suivant", "--oui")
        assert built.returncode == 0, built.stderr

    once(workdir, "attaque : hiver clos, été construit", steps)


def _code(base) -> str:
    with sqlite3.connect(base) as connection:
        return connection.execute("SELECT code FROM semestre").fetchone()[0]


def test_an_archive_replaced_by_a_link_to_the_live_base_or_an_empty_file_is_refused(tmp_path):
    _summer(tmp_path)
    archive = tmp_path / "amphi-2026-11.sqlite3"
    copies = sorted(p.name for p in (tmp_path / "sauvegardes").iterdir())
    archive.unlink()
    archive.symlink_to("amphi.sqlite3")  # the live summer base under winter's name
    for command in (("journal", "--verifier"), ("listes",), ("purger", "--oui")):
        read = amphi(tmp_path, *command, "--semestre", "2026-11")
        assert read.returncode == 2, (command, read.stdout)
        assert (
            "« amphi-2026-11.sqlite3 » dans « . » est une base en cours (semestre 2027-05), pas "
            "une archive" in read.stderr
        ), read.stderr
        assert "Traceback" not in read.stderr
    shown = amphi(tmp_path, "semestre")
    assert "— ce fichier n'est plus l'archive de ce semestre (remplacé ?)" in shown.stdout
    archive.unlink()
    archive.write_bytes(b"")  # an empty file: once migrated and purged as winter
    purged = amphi(tmp_path, "purger", "--oui", "--semestre", "2026-11")
    assert purged.returncode == 2, purged.stdout
    assert "n'est pas une base d'amphi (fichier remplacé ou abîmé ?)" in purged.stderr
    assert archive.stat().st_size == 0
    assert sorted(p.name for p in (tmp_path / "sauvegardes").iterdir()) == copies
    assert _code(tmp_path / "amphi.sqlite3") == "2027-05"


def test_a_validations_file_naming_only_stages_not_stored_is_refused_not_said_identical(
    tmp_path,
):
    _summer(tmp_path)
    for line, named in (("99,2026-11,non", "99 au semestre 2026-11"),  # an interne unknown
                        ("1,2025-05,non", "1 au semestre 2025-05")):  # fmt: skip
        (tmp_path / "val.csv").write_text(f"id,semestre,valide\n{line}\n", encoding="utf-8")
        for asked in ((), ("--oui",)):
            done = amphi(tmp_path, "import", "validations", "val.csv", *asked)
            assert done.returncode == 2, (line, asked, done.stdout)
            assert f"1 stage(s) inconnu(s) : {named}" in done.stderr, done.stderr
            assert "identique" not in done.stdout


def test_the_copy_made_before_the_change_is_not_sent_to_the_archive_that_refuses_it(tmp_path):
    _summer(tmp_path)
    before = next((tmp_path / "sauvegardes").glob("auto-*-2026-11-avantsemestresuivant.sqlite3"))
    into_live = amphi(tmp_path, "restaurer", str(before), "--oui")
    assert into_live.returncode == 2
    assert "le passage au semestre suivant ne s'annule pas (règles §7)" in into_live.stderr
    assert "--semestre 2026-11 pour l'archive" not in into_live.stderr  # which refuses it too
    into_archive = amphi(tmp_path, "restaurer", str(before), "--semestre", "2026-11", "--oui")
    assert into_archive.returncode == 2
    assert "d'avant la construction du semestre 2027-05" in into_archive.stderr
    assert _code(tmp_path / "amphi.sqlite3") == "2027-05"
    assert _code(tmp_path / "amphi-2026-11.sqlite3") == "2026-11"


def test_the_next_semester_of_a_base_in_a_folder_named_with_a_hash(tmp_path):
    """« Subdivision #2 »: the archive is copied and read from that very folder."""
    folder = tmp_path / "Subdivision #2 ?"
    folder.mkdir()
    _winter(folder)
    for acte in CHOICES:
        assert amphi(folder, "appel", *acte, "--liste", "MG").returncode == 0
    where = ("--db", str(folder / "amphi.sqlite3"), "--config", str(folder / "config.toml"))
    built = amphi(tmp_path, "semestre", "suivant", "--oui", *where)
    assert built.returncode == 0, built.stderr
    assert _code(folder / "amphi.sqlite3") == "2027-05"
    read = amphi(tmp_path, "journal", "--verifier", "--semestre", "2026-11", *where)
    assert read.returncode == 0 and "Journal intact" in read.stdout, read.stderr


def test_a_stage_of_year_9999_is_said_implausible_not_badly_written(tmp_path):
    """« 9999-11 » is written AAAA-11: told the year is the matter, by command and by file."""
    said = "« 9999-11 » : année invraisemblable (de 1900 à 2099)"
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    typed = amphi(tmp_path, "validation", "1", "9999-11", "non", "--oui")
    assert typed.returncode == 2 and said in typed.stderr, typed.stderr
    (tmp_path / "val.csv").write_text("id,semestre,valide\n1,9999-11,non\n", encoding="utf-8")
    filed = amphi(tmp_path, "import", "validations", "val.csv", "--oui")
    assert filed.returncode == 2 and said in filed.stderr, filed.stderr
    assert not (tmp_path / "amphi.sqlite3").exists()


def test_an_interne_already_inactive_is_counted_in_the_preview(tmp_path):
    """Seven carried, six stages, nobody leaving or without a place: the seventh, made
    inactive by the file (`actif = non`), is said, so that the counts add up."""
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows.append(interne("7", nom="Nom7", actif="non"))
    (tmp_path / "internes.csv").write_bytes(csv_bytes(rows))
    (tmp_path / "postes.csv").write_bytes(postes_csv({"MG": 6}))
    ranked(tmp_path)
    assert amphi(tmp_path, "appel", "ouvrir", "--liste", "MG").returncode == 0
    for acte in (*CHOICES[1:-1], ("choisir", "6", "MG-1"), ("clore",)):
        done = amphi(tmp_path, "appel", *acte, "--liste", "MG")
        assert done.returncode == 0, (acte, done.stderr)
    asked = amphi(tmp_path, "semestre", "suivant")
    assert (
        "7 interne(s) reporté(s) (dont 1 déjà inactif(s) : ni place ni stage), 6 stage(s) "
        "ajouté(s)\n" in asked.stdout
    ), asked.stdout
    assert "0 en fin d'internat" in asked.stdout and "0 sans place" in asked.stdout
