"""Stage validation's rules (règles §7), pure: a validations file read whole or refused by line
and column, the refusals, the ancienneté a mark gives, the parcours and the maquette's count as
an interne reads them, what the verifier says of stages."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ranking import validation as regles
from ranking.cycle import Etat
from ranking.errors import DejaFait, InvalidInput, Refused
from ranking.maquette import Maquette, Profil, Stage
from ranking.maquette_bilan import bilan, parcours
from ranking.stages import Validation, parse_validations
from ranking.verification import Fiche, verifier

MG = Maquette("Médecine générale", 6, (("socle", 2), ("approfondissement", 2)), ())


def test_a_validations_file_is_read_by_id_or_interne():
    by_id = parse_validations(b"id,semestre,valide\n1234,2026-11,non\n7,2026-05,oui\n", "v.csv")
    assert by_id == (Validation("1234", "2026-11", False), Validation("7", "2026-05", True))
    by_interne = parse_validations(b"interne;semestre;valide\n1234;2026-11;non\n", "v.csv")
    assert by_interne == (Validation("1234", "2026-11", False),)


def test_a_validations_file_is_refused_whole_by_line_and_column():
    with pytest.raises(InvalidInput) as refused:
        parse_validations(
            b"id,semestre,valide\n1,2026-12,oui\n2,2026-11,peut-etre\n2,2026-11,non\n", "v.csv"
        )
    said = [(p.line, p.column, p.message) for p in refused.value.problems]
    assert said == [
        (2, "semestre", "« 2026-12 » n'est pas un semestre (AAAA-05 ou AAAA-11)"),
        (3, "valide", "« peut-etre » n'est ni oui ni non"),
        (4, "semestre", "deux lignes pour le stage de 2 au semestre 2026-11 (aussi ligne 3)"),
    ]
    with pytest.raises(InvalidInput) as missing:
        parse_validations(b"nom,semestre,valide\nX,2026-11,oui\n", "v.csv")
    assert missing.value.problems[0].message == "colonne obligatoire manquante : id (ou interne)"


def test_the_refusals_say_what_and_where():
    with pytest.raises(Refused, match="aucun stage de 1234 au semestre 2026-05"):
        regles.check_stage("1234", "2026-05", False)
    regles.check_stage("1234", "2026-05", True)
    with pytest.raises(DejaFait, match="le stage de 1234 au semestre 2026-11 est déjà non validé"):
        regles.check_validation("1234", "2026-11", False, False)
    regles.check_validation("1234", "2026-11", True, False)
    with pytest.raises(Refused, match="1234 est sur la liste « MG » dont le choix est ouvert"):
        regles.check_choix_ouverts("1234", [("Psy", Etat.FINAL), ("MG", Etat.CHOIX_OUVERT)])
    regles.check_choix_ouverts("1234", [("MG", Etat.CHOIX_CLOS), ("Psy", Etat.FINAL)])


def test_the_sentence_names_the_stage_the_ancienneté_and_the_stale_lists():
    stage = regles.StageVu("1234", "2026-11", "Cabinet Abbeville", "SASPAS", True)
    assert regles.phrase(stage, False, 5, 4, ["MG"]) == (
        "stage de 1234 (2026-11, Cabinet Abbeville) : non validé ; semestres validés 5 → 4 ; "
        "ordre périmé : « MG » (relancer le pré-classement)"
    )
    assert regles.phrase(stage, True, 4, 5) == (
        "stage de 1234 (2026-11, Cabinet Abbeville) : validé ; semestres validés 4 → 5"
    )


@given(st.integers(min_value=0, max_value=20), st.lists(st.booleans(), max_size=6))
def test_marking_non_valide_then_valide_again_restores_the_ancienneté(count, marks):
    """A stage validé taken off then given back: where it started (never below zero)."""
    if count == 0:
        return  # a stage validé is one of his semesters: at least one
    assert regles.semestres_apres(regles.semestres_apres(count, False), True) == count
    after = regles.nouveaux_semestres({"1": count}, [("1", mark) for mark in marks])
    assert after["1"] >= 0


def test_the_maquette_counts_his_semestres_valides_and_says_when_stages_disagree():
    stages = (
        Stage("2025-11", "CH Abbeville", None, "Urgences", "socle"),
        Stage("2026-05", "Cabinet Corbie", None, "SASPAS", "socle", False),
    )
    lines = bilan(MG, Profil("Médecine générale", "socle", stages), 4)
    assert lines[0] == (
        "Médecine générale : 4 semestre(s) validé(s) sur 6 (1 stage(s) validé(s) "
        "enregistré(s) dans amphi)."
    )
    agree = bilan(MG, Profil("Médecine générale", "socle", stages[:1]), 1)
    assert agree[0] == "Médecine générale : 1 semestre(s) validé(s) sur 6."
    nothing = bilan(MG, Profil("Médecine générale", "socle", ()), 4)
    assert nothing[0] == "Médecine générale : 4 semestre(s) validé(s) sur 6."  # none recorded
    assert parcours(reversed(stages)) == [
        "2025-11 — CH Abbeville (Urgences, socle) : validé",
        "2026-05 — Cabinet Corbie (SASPAS, socle) : non validé",
    ]


def test_the_verifier_names_stages_against_the_ancienneté_and_stages_not_done_yet():
    def fiche(id, valides, stages, dernier, actif=True, du_fichier=True):
        return Fiche(id, f"Nom{id}", "P", "Médecine générale", valides, actif, ("MG",),
                     stages, dernier, du_fichier)  # fmt: skip

    found = verifier(
        [
            fiche("1", 4, 3, "2026-05"),
            fiche("2", 4, None, None),  # no stage recorded: nothing to compare
            fiche("3", 2, 2, "2026-11"),
            fiche("4", 4, 1, "2027-05", actif=False),  # called nowhere
            # only the stages amphi carried from its own days: a partial history, no fault
            fiche("5", 4, 1, "2026-05", du_fichier=False),
            fiche("6", 1, 2, "2026-05", du_fichier=False),  # more stages than semesters: wrong
        ],
        {},
        {},
        {},
        "2026-11",
    )
    assert [(c.sorte, c.texte) for c in found] == [
        ("stages", "1 Nom1 P : 4 semestre(s) validé(s), 3 stage(s) validé(s) enregistré(s) : "
         "corriger son semestres_valides (fichier des internes) ou ses stages (fichier des "
         "stages, amphi validation)"),
        ("stage futur", "3 Nom3 P : un stage au semestre 2026-11, qui n'est pas encore fait "
         "(semestre en cours : 2026-11) : fichier des stages à corriger"),
        ("stages", "6 Nom6 P : 1 semestre(s) validé(s), 2 stage(s) validé(s) enregistré(s) : "
         "corriger son semestres_valides (fichier des internes) ou ses stages (fichier des "
         "stages, amphi validation)"),
    ]  # fmt: skip
