"""The `amphi` program as other tools and gestionnaires use it: a real process, real files."""

import argparse
import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from tests import db_setup
from tests.cli_harness import amphi as in_workdir
from tests.conftest import csv_bytes, interne

AMPHI = str(Path(sys.executable).parent / "amphi")
CONTRACT = (
    "rang,id,nom,prenom,statut,sortant,semestres_valides,concours,promotion,"
    "promotion_theorique,rang_local,rang_calcule,ex_aequo"
)


def amphi(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([AMPHI, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


@pytest.fixture
def internes_file(tmp_path: Path) -> Path:
    rows = [
        interne("1", nom="Zola", rin=5),
        interne("2", nom="Abel", rin=5),
        interne("3", rin=1, semestres_valides=3),
        interne("4", rin=2, hors_discipline="Psychiatrie"),
        interne(
            "5",
            discipline="Psychiatrie",
            des="Psychiatrie",
            rin=1,
            hors_discipline="Médecine générale",
        ),
        interne("6", promotion=2023, semestres_valides=4, rin=1, phase="socle"),
    ]
    path = tmp_path / "internes.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1252"))
    return path


def preclassement(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return amphi(
        "preclassement", "--internes", str(path), "--semestre", "2026-11", "--formation", "Médecine",
        "--circonscription", "amiens", "--discipline", "medecine generale", *extra,
    )  # fmt: skip


def test_csv_output_follows_the_contract_in_display_order(internes_file):
    result = preclassement(internes_file, "--format", "csv")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[0].startswith(CONTRACT + ",")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["rang"], r["id"], r["statut"], r["sortant"], r["ex_aequo"]) for r in rows] == [
        ("1", "4", "standard", "oui", "non"),
        ("2", "2", "standard", "non", "oui"),
        ("2", "1", "standard", "non", "oui"),
        ("4", "6", "standard", "non", "non"),
        ("5", "5", "hors_discipline", "non", "non"),
        ("6", "3", "standard", "non", "non"),
    ]
    late = rows[3]  # alone in 2023 (1 / 1), scaled to the 4 internes of 2024
    assert (late["promotion"], late["promotion_theorique"], late["rang_calcule"]) == (
        "2023",
        "2024",
        "4.00",
    )


def test_table_output_is_readable_french(internes_file):
    result = preclassement(internes_file)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Pré-classement — médecine, Amiens, discipline Médecine générale")
    assert lines[1] == "6 internes, 1 groupe d'ex-aequo à lever"
    assert "= n°1" in lines[6] and "Abel" in lines[6]


def test_explanation_of_one_interne(internes_file):
    result = preclassement(internes_file, "--expliquer", "5/HD")
    assert result.returncode == 0
    assert "hors discipline (entrant, venu de Psychiatrie)" in result.stdout
    refused = preclassement(internes_file, "--expliquer", "99")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == "refusé : 99 ne figure pas dans ce pré-classement\n"


def test_phase_filter(internes_file):
    result = preclassement(internes_file, "--phase", "socle", "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["6"]


def test_bad_file_exit_2_every_error_on_stderr_nothing_on_stdout(tmp_path):
    path = tmp_path / "faux.csv"
    path.write_bytes(csv_bytes([interne("1", promotion="20x4"), interne("1", concours="?")]))
    result = preclassement(path, "--format", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"erreur : {path}, ligne 2, colonne promotion : « 20x4 » n'est pas une année",
        f"erreur : {path}, ligne 3, colonne id : l'identifiant « 1 » figure déjà ligne 2",
        f"erreur : {path}, ligne 3, colonne concours : « ? » n'est pas un concours (ECN, EDN, EUR, MT ou ETR)",
    ]


def test_bad_arguments_are_all_reported_in_french(tmp_path):
    result = amphi(
        "preclassement", "--internes", str(tmp_path / "absent.csv"), "--semestre", "2026-03",
        "--formation", "chirurgie", "--circonscription", "Amiens",
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "erreur : argument --semestre : « 2026-03 » n'est pas un semestre ; écrire AAAA-11 pour le "
        "semestre d'hiver (novembre) ou AAAA-05 pour celui d'été (mai)",
        "erreur : argument --formation : « chirurgie » inconnue (medecine, pharmacie ou odontologie)",
        f"erreur : argument --internes : fichier introuvable : {tmp_path / 'absent.csv'}",
    ]


def test_argparse_speaks_french():
    result = amphi("preclassement", "--format", "pdf")
    assert result.returncode == 2 and result.stdout == ""
    assert "usage : amphi preclassement" in result.stderr
    assert (
        "argument --format : choix invalide : 'pdf' (choisir parmi 'table', 'csv')" in result.stderr
    )
    missing = amphi("preclassement")
    assert "arguments obligatoires manquants : --internes, --semestre" in missing.stderr
    assert "error" not in missing.stderr and "required" not in missing.stderr


def test_an_option_a_command_does_not_take_is_named_under_that_command_s_usage():
    result = amphi(
        "procuration", "2022000295", "--telephone", "06 12 34 56 78", "--voeux", "MG-1",
        "--liste", "Odontologie",
    )  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage : amphi procuration ")
    assert "amphi procuration : erreur : arguments non reconnus : --liste Odontologie" in (
        result.stderr
    )


def test_every_subcommand_refuses_an_unknown_option_with_its_own_usage(capsys):
    def commands(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield [*path, str(name)], sub
                    yield from commands(sub, [*path, str(name)])

    paths = [path for path, _ in commands(build_parser(), [])]
    assert len(paths) > 30 and ["procuration"] in paths and ["appel", "clore"] in paths
    for path in paths:
        with pytest.raises(SystemExit):
            build_parser(path[0]).parse_args([*path, "--inexistante"])
        said = capsys.readouterr().err
        assert said.startswith(f"usage : amphi {' '.join(path)} "), said
        last = said.splitlines()[-1]
        assert last.startswith(f"amphi {' '.join(path)} : erreur : "), said
        assert "--inexistante" in last or "obligatoire" in last, said


def test_config_groups_and_method_override(tmp_path, internes_file):
    config = tmp_path / "config.toml"
    config.write_text(
        '[classement]\nmethode = "pourcentage"\n[classement.effectifs_nationaux]\n'
        "2023 = 10140\n2024 = 7817\n"
        '[disciplines.groupes]\n"Généraliste et psy" = ["Médecine générale", "Psychiatrie"]\n',
        encoding="utf-8",
    )
    result = amphi(
        "preclassement", "--internes", str(internes_file), "--semestre", "2026-11",
        "--formation", "medecine", "--circonscription", "Amiens",
        "--discipline", "généraliste et PSY", "--config", str(config), "--format", "csv",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["id"] + ("/HD" if r["statut"] == "hors_discipline" else "") for r in rows) == [
        "1", "2", "3", "4", "4/HD", "5", "5/HD", "6",
    ]  # fmt: skip
    assert rows[0]["rang_calcule"] == "0.0001"  # RIN 1 / 10140: pourcentage
    overridden = amphi(
        "preclassement", "--internes", str(internes_file), "--semestre", "2026-11",
        "--formation", "medecine", "--circonscription", "Amiens", "--discipline",
        "Généraliste et psy", "--config", str(config), "--methode", "imotep", "--format", "csv",
    )  # fmt: skip
    assert next(csv.DictReader(io.StringIO(overridden.stdout)))["rang_calcule"] != "0.0001"


def test_a_broken_config_is_located(tmp_path, internes_file):
    config = tmp_path / "config.toml"
    config.write_text(
        '[classement]\nmethode = "au hasard"\n[disciplines.groupes]\nA = ["X"]\nB = ["x"]\n'
    )
    result = preclassement(internes_file, "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"erreur : {config} : [disciplines.groupes] la discipline « x » est dans deux groupes : « A » et « B »",
        f"erreur : {config} : [classement] methode : « au hasard » inconnue (imotep ou pourcentage)",
    ]
    config.write_text("[classement\n")
    result = preclassement(internes_file, "--config", str(config))
    assert "syntaxe TOML invalide à la ligne 1, colonne 12" in result.stderr


def test_interclassement_commands_on_the_guide_examples(tmp_path):
    (tmp_path / "A.csv").write_text(
        "id,note,bareme\nA1,425,500\nA2,327,500\nA3,318,500\nA4,253,500\n"
    )
    (tmp_path / "B.csv").write_text("id;note;bareme\nB1;675;700\nB2;650;700\nB3;558;700\n")
    result = amphi(
        "interclassement",
        "rin",
        str(tmp_path / "A.csv"),
        str(tmp_path / "B.csv"),
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "rang,id,concours,note_sur_1000", "1,B1,B,964.29", "2,B2,B,928.57", "3,A1,A,850.00",
        "4,B3,B,797.14", "5,A2,A,654.00", "6,A3,A,636.00", "7,A4,A,506.00",
    ]  # fmt: skip
    (tmp_path / "RA.csv").write_text("id,rang\nA1,1\nA2,2\nA3,3\nA4,4\n")
    (tmp_path / "RB.csv").write_text("id,rang\nB1,1\nB2,2\nB3,3\n")
    result = amphi(
        "interclassement",
        "ri3",
        str(tmp_path / "RA.csv"),
        str(tmp_path / "RB.csv"),
        "--format",
        "csv",
    )
    assert result.stdout.splitlines()[-2:] == ["6,A4,RA,7.00", "6,B3,RB,7.00"]


def test_interclassement_refusals(tmp_path):
    (tmp_path / "A.csv").write_text("id,note,bareme\nA1,525,500\n")
    (tmp_path / "B.csv").write_text("id,note,bareme\nA1,5,20\n")
    result = amphi("interclassement", "rin", str(tmp_path / "A.csv"))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"erreur : {tmp_path / 'A.csv'}, ligne 2, colonne note : note 525 supérieure au barème 500\n"
    )
    (tmp_path / "A.csv").write_text("id,note,bareme\nA1,425,500\n")
    result = amphi("interclassement", "rin", str(tmp_path / "A.csv"), str(tmp_path / "B.csv"))
    assert result.stderr == "erreur : l'identifiant « A1 » figure dans plusieurs concours\n"


def test_sample_generator_is_deterministic_and_realistic(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert (
        amphi("exemple", "--internes", "3000", "--graine", "3", "--sortie", str(first)).returncode
        == 0
    )
    amphi("exemple", "--internes", "3000", "--graine", "3", "--sortie", str(second))
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(io.StringIO(first.read_text(encoding="utf-8"))))
    assert len(rows) == 3000
    assert {r["concours"] for r in rows} >= {"ECN", "EDN", "ETR", "MT"}
    assert {r["formation"] for r in rows} >= {"medecine", "pharmacie", "odontologie"}
    assert any(r["hors_discipline"] for r in rows)


def test_a_config_of_the_wrong_shape_is_refused_not_crashed(tmp_path, internes_file):
    config = tmp_path / "config.toml"
    config.write_text(
        'disciplines = 3\n[classement]\neffectifs_nationaux = { "20x3" = 9000, 2024 = -1 }\n'
    )
    result = preclassement(internes_file, "--config", str(config))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"erreur : {config} : « disciplines » doit être une table [disciplines]",
        f"erreur : {config} : [classement.effectifs_nationaux] « 20x3 » n'est pas une année",
        f"erreur : {config} : [classement.effectifs_nationaux] 2024 : « -1 » n'est pas un effectif "
        "(nombre entier de 1 à 1 000 000)",
    ]


def test_the_sample_generator_writes_exactly_the_count_asked_even_small(tmp_path):
    from bot.repetition.exemple import generate

    for count in (5, 6, 7, 9, 12, 23):
        assert len(generate(count, seed=count)) == count
    out = amphi("exemple", "--internes", "5", "--sortie", str(tmp_path / "f.csv"))
    assert out.returncode == 0 and "Traceback" not in out.stderr


def test_the_largest_sample_the_help_allows_is_written_without_homonyms(tmp_path):
    """Second family names drawn until a free one is found ran out past ~40,000 internes:
    `amphi exemple --internes 40000` never ended. The help's maximum now takes seconds."""
    from ranking.text import fold

    out = amphi("exemple", "--internes", "200000", "--sortie", str(tmp_path / "f.csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"200000 internes écrits dans {tmp_path / 'f.csv'}\n"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8"))))
    assert len({(fold(r["nom"]), fold(r["prenom"])) for r in rows}) == len(rows) == 200_000


def test_postes_carry_their_etablissement_and_agrement(workdir):
    assert in_workdir(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite,type,etablissement,agrement\n"
        "MG-1,CHU — Gériatrie,MG,2,Gériatrie,CHU Amiens-Picardie,Médecine générale:Socle\n"
        "MG-2,Cabinet Abbeville,MG,1,SASPAS,,Médecine générale ; Pédiatrie\n"
        "MG-3,Cabinet Albert,MG,1,SN2,,\n",
        encoding="utf-8",
    )
    shown = in_workdir(workdir, "import", "postes", "postes.csv", "--oui")
    assert shown.returncode == 0, shown.stderr
    rows = (
        sqlite3.connect(workdir / "amphi.sqlite3")
        .execute("SELECT id, etablissement, agrement FROM poste ORDER BY id")
        .fetchall()
    )
    assert rows == [
        ("MG-1", "CHU Amiens-Picardie", "Médecine générale:socle"),
        ("MG-2", None, "Médecine générale ; Pédiatrie"),
        ("MG-3", None, None),
    ]
    (workdir / "postes.csv").write_text(
        "id,terrain,liste,capacite,agrement\nMG-1,CHU,MG,2,Médecine générale:internat\n",
        encoding="utf-8",
    )
    refused = in_workdir(workdir, "import", "postes", "postes.csv", "--oui")
    assert refused.returncode == 2
    assert (
        "postes.csv, ligne 2, colonne agrement : « Médecine générale:internat » n'est pas un"
        in (refused.stderr)
    )


def test_the_stages_effectues_are_imported_whole_or_not_at_all(workdir):
    assert in_workdir(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    (workdir / "stages.csv").write_text(
        "interne,semestre,terrain,etablissement,type,phase,valide\n"
        "1,2025-11,Cabinet Abbeville,,SN1,socle,oui\n"
        "1,2026-05,CHU — Urgences,CHU Amiens-Picardie,Urgences,socle,oui\n"
        "2,2026-05,CH Beauvais,,Pédiatrie,socle,non\n",
        encoding="utf-8",
    )
    shown = in_workdir(workdir, "import", "stages", "stages.csv", "--oui")
    assert shown.returncode == 0, shown.stderr
    assert "Import de stages.csv : 3 ajout(s)" in shown.stdout
    assert "+ 2 2026-05 CH Beauvais (non validé)" in shown.stdout
    (workdir / "stages.csv").write_text(
        "interne,semestre,terrain,valide,phase\n"
        "1,2025-12,Cabinet,oui,socle\n"
        "1,2026-05,Cabinet,peut-être,socle\n"
        "1,2026-05,Cabinet,oui,internat\n",
        encoding="utf-8",
    )
    refused = in_workdir(workdir, "import", "stages", "stages.csv", "--oui")
    assert refused.returncode == 2
    assert "stages.csv, ligne 2, colonne semestre : « 2025-12 » n'est pas un semestre" in (
        refused.stderr
    )
    assert "ligne 3, colonne valide : « peut-être » n'est ni oui ni non" in refused.stderr
    assert "ligne 4, colonne semestre : deux stages de 1 au semestre 2026-05 (aussi ligne 3)" in (
        refused.stderr
    )
    (workdir / "stages.csv").write_text(
        "interne,semestre,terrain,valide\n404,2026-05,Cabinet,oui\n", encoding="utf-8"
    )
    unknown = in_workdir(workdir, "import", "stages", "stages.csv", "--oui")
    assert unknown.returncode == 2 and "1 interne(s) inconnu(s) de la base : 404" in unknown.stderr
    rows = (
        sqlite3.connect(workdir / "amphi.sqlite3")
        .execute("SELECT count(*) FROM stage_effectue")
        .fetchone()
    )
    assert rows == (3,)  # the refused files changed nothing


def test_verifier_lists_what_would_make_the_day_contestable(workdir):
    maquette = '\n[[maquettes]]\ndes = "Médecine générale"\nsemestres = 6\n'
    (workdir / "config.toml").write_text(db_setup.CONFIG + maquette, encoding="utf-8")
    rows = [interne(str(i), nom=f"Nom{i}") for i in range(1, 5)]
    rows.append(
        interne("5", nom="Nom1", promotion=2023, semestres_valides=6)
    )  # Nom1 again, at the end
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    assert in_workdir(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    assert in_workdir(workdir, "preclassement", "--liste", "MG").returncode == 0
    said = in_workdir(workdir, "verifier")
    assert said.returncode == 0, said.stderr
    assert said.stdout.startswith("Vérification (toutes les listes) : 2 constat(s).")
    assert "- [fin de DES] 5 Nom1 Prénom : 6 semestres validés, le DES de Médecine " in said.stdout
    assert "- [doublon] 1 et 5 : même nom, prénom et DES" in said.stdout
    unknown = in_workdir(workdir, "verifier", "--liste", "Cardio")
    assert unknown.returncode == 2 and "Cardio" in unknown.stderr


def test_the_example_config_lists_every_discipline_the_sample_draws(tmp_path):
    """A newcomer's first `amphi verifier` (README step 3, `amphi exemple`) finds nobody
    without a list: config.example.toml calls every DES the sample draws."""
    example = Path(__file__).parents[2] / "config.example.toml"
    (tmp_path / "config.toml").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    made = in_workdir(
        tmp_path, "exemple", "--internes", "400", "--circonscription", "Amiens",
        "--sortie", "internes.csv",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert in_workdir(tmp_path, "import", "internes", "internes.csv", "--oui").returncode == 0
    said = in_workdir(tmp_path, "verifier")  # before any pré-classement
    assert said.returncode == 0, said.stderr
    assert "[sans liste]" not in said.stdout, said.stdout[:2000]
    mg = in_workdir(tmp_path, "verifier", "--liste", "MG socle")
    assert mg.returncode == 0 and "[sans liste]" not in mg.stdout


def test_an_interne_no_list_counts_is_told_in_words(workdir):
    rows = [interne("1"), interne("2", des="Santé publique", discipline="Santé publique")]
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    assert in_workdir(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    said = in_workdir(workdir, "verifier")
    assert said.returncode == 0, said.stderr
    assert "- [sans liste] 2 " in said.stdout
    assert "aucune liste de la configuration ne le compte" in said.stdout
    assert "[[" not in said.stdout


def test_expliquer_says_what_the_maquette_still_allows(workdir):
    example = (Path(__file__).parents[2] / "config.example.toml").read_text(encoding="utf-8")
    maquettes = example[example.index("[[maquettes]]") : example.index("[sauvegardes]")]
    (workdir / "config.toml").write_text(db_setup.CONFIG + maquettes, encoding="utf-8")
    rows = [interne(str(i), phase="approfondissement") for i in range(1, 4)]
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    assert in_workdir(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    (workdir / "stages.csv").write_text(
        "interne,semestre,terrain,etablissement,type,phase,valide\n"
        "1,2026-05,Cabinet Corbie,,SASPAS,approfondissement,oui\n",
        encoding="utf-8",
    )
    assert in_workdir(workdir, "import", "stages", "stages.csv", "--oui").returncode == 0
    assert in_workdir(workdir, "preclassement", "--liste", "MG").returncode == 0
    said = in_workdir(workdir, "preclassement", "--liste", "MG", "--expliquer", "1")
    assert said.returncode == 0, said.stderr
    assert (  # his ancienneté, the one stage recorded said aside
        "\n\nCe que sa maquette lui permet :\n- Médecine générale : 4 semestre(s) validé(s) sur "
        "8 (1 stage(s) validé(s) enregistré(s) dans amphi)."
    ) in said.stdout
    assert "- deuxième SASPAS : 1 validé(s) sur 1 permis — plus aucun permis." in said.stdout
    assert (
        "- un SASPAS et un stage libre en phase d'approfondissement : il manque Libre / SN2."
        in said.stdout
    )
