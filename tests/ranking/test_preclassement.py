"""Pré-classement (règles 3.2–3.4): local rank, rang calculé, the four criteria, ties."""

from fractions import Fraction

import pytest

from ranking.classement import cng_rank, restrict
from ranking.config import ClassementConfig, Methode
from ranking.errors import InvalidInput
from ranking.model import Phase
from tests.conftest import interne, order, rank


def calcul(pre, identifier):
    return next(ligne.calcul for ligne in pre.lignes if ligne.interne.id == identifier)


def test_seniority_comes_first_whatever_the_rank():
    rows = [interne("1", rin=1, semestres_valides=3), interne("2", rin=900, semestres_valides=4)]
    assert order(rank(rows)) == ["2", "1"]


def test_national_concours_before_etr_at_equal_seniority():
    rows = [
        interne("1", concours="ETR", rang_concours=1),
        interne("2", rin=800, concours="EUR"),
        interne("3", rin=900, concours="MT", discipline="Médecine générale"),
    ]
    assert order(rank(rows)) == ["2", "3", "1"]


def test_standard_before_hors_discipline_at_equal_seniority_and_concours():
    rows = [
        interne("1", rin=50),
        interne(
            "2",
            rin=1,
            discipline="Psychiatrie",
            des="Psychiatrie",
            hors_discipline="Médecine générale",
        ),
    ]
    assert order(rank(rows)) == ["1", "2/HD"]


def test_smaller_rang_calcule_first():
    rows = [interne("1", rin=30), interne("2", rin=10), interne("3", rin=20)]
    pre = rank(rows)
    assert order(pre) == ["2", "3", "1"]
    assert [ligne.rang for ligne in pre.lignes] == [1, 2, 3]


def test_local_rank_is_competition_ranking_of_the_cng_rank():
    rows = [interne("1", rin=10), interne("2", rin=20), interne("3", rin=20), interne("4", rin=30)]
    pre = rank(rows)
    assert [ligne.calcul.rang_local for ligne in pre.lignes] == [1, 2, 2, 4]


def test_ties_share_a_rank_and_are_shown_alphabetically_accents_and_case_ignored():
    rows = [
        interne("1", nom="Olive", rin=7),
        interne("2", nom="Œillet", rin=7),
        interne("3", nom="ODIN", rin=7),
        interne("4", nom="Abel", rin=1),
        interne("5", nom="Élie", prenom="Zoé", rin=7),
        interne("6", nom="Elie", prenom="Anne", rin=7),
        interne("7", nom="Zola", rin=99),
    ]
    pre = rank(rows)
    assert [ligne.interne.nom for ligne in pre.lignes] == [
        "Abel", "Elie", "Élie", "ODIN", "Œillet", "Olive", "Zola",
    ]  # fmt: skip
    assert [ligne.rang for ligne in pre.lignes] == [1, 2, 2, 2, 2, 2, 7]
    assert [ligne.groupe for ligne in pre.lignes] == [None, 1, 1, 1, 1, 1, None]


def test_medecine_du_travail_uses_ri3_others_rin_and_the_concours_rank_as_fallback():
    mt = dict(discipline="Médecine du travail", des="Médecine du travail")
    rows = [
        interne("1", rin=1, ri3="3,5", **mt),
        interne("2", rin=2, ri3="1,75", **mt),
        interne("3", rang_concours=5, **mt),
    ]
    pre = rank(rows, discipline="Médecine du travail")
    assert order(pre) == ["2", "1", "3"]
    sources = [cng_rank(ligne.interne) for ligne in pre.lignes]
    assert sources == [("RI3", Fraction(7, 4)), ("RI3", Fraction(7, 2)), ("rang au concours", 5)]
    assert cng_rank(rank([interne("9", rin=4, rang_concours=2)]).lignes[0].interne) == ("RIN", 4)


def test_etr_internes_are_numbered_among_themselves():
    rows = [
        interne("1", rin=10),
        interne("2", rin=20),
        interne("3", concours="ETR", rang_concours=15),
        interne("4", concours="ETR", rang_concours=3),
    ]
    pre = rank(rows)
    assert order(pre) == ["1", "2", "4", "3"]
    assert [(c.rang_local, c.effectif_promotion) for c in (ligne.calcul for ligne in pre.lignes)] == [
        (1, 2), (2, 2), (1, 2), (2, 2),
    ]  # fmt: skip


def test_rang_calcule_of_a_delayed_interne_is_scaled_to_his_theoretical_promotion():
    # Winter 2026: promotion 2023 should have 6 semesters; 4 validated = 2 behind → 2024.
    rows = [interne(f"p23-{i}", promotion=2023, semestres_valides=6, rin=i) for i in (1, 2, 4)]
    rows.append(interne("late", promotion=2023, semestres_valides=4, rin=3))
    rows += [interne(f"p24-{i}", rin=i) for i in range(1, 7)]
    pre = rank(rows)
    late = calcul(pre, "late")
    assert (late.rang_local, late.effectif_promotion) == (3, 4)
    assert (late.promotion_theorique, late.effectif_promotion_theorique) == (2024, 6)
    assert late.rang_calcule == Fraction(9, 2)  # 3 / 4 × 6, exactly
    assert order(pre)[3:] == ["p24-1", "p24-2", "p24-3", "p24-4", "late", "p24-5", "p24-6"]


def test_an_exact_equality_of_rangs_calcules_is_an_ex_aequo():
    # 2 / 3 × 6 = 4 exactly: the delayed interne ties with the 4th of promotion 2024.
    rows = [interne(f"p23-{i}", promotion=2023, semestres_valides=6, rin=i) for i in (1, 3)]
    rows.append(interne("late", nom="Zidane", promotion=2023, semestres_valides=4, rin=2))
    rows += [interne(f"p24-{i}", nom="Martin", rin=i) for i in range(1, 7)]
    pre = rank(rows)
    group = pre.groupes()[0]
    assert [ligne.interne.id for ligne in group] == ["p24-4", "late"]
    assert {ligne.rang for ligne in group} == {6}


def test_ties_are_exact_where_floats_would_miss_them():
    # 1 / 49 × 49 is 0.999… in floating point, exactly 1 here: a tie with the first of 2024.
    rows = [interne("late", nom="Zidane", promotion=2023, semestres_valides=4, rin=1)]
    rows += [interne(f"p23-{i}", promotion=2023, semestres_valides=6, rin=i) for i in range(2, 50)]
    rows += [interne(f"p24-{i}", nom="Martin", rin=i) for i in range(1, 50)]
    assert (1 / 49) * 49 != 1
    pre = rank(rows)
    assert calcul(pre, "late").rang_calcule == 1
    [group] = pre.groupes()
    assert [ligne.interne.id for ligne in group] == ["p24-1", "late"]


def test_empty_theoretical_promotion_divides_by_the_size_of_his_own():
    rows = [interne("late", promotion=2023, semestres_valides=4, rin=3)]
    rows += [interne(f"p23-{i}", promotion=2023, semestres_valides=6, rin=i) for i in (1, 2, 4)]
    late = calcul(rank(rows), "late")
    assert late.effectif_promotion_theorique == 0
    assert late.rang_calcule == Fraction(3, 4)


def test_pourcentage_needs_the_national_size_of_each_promotion():
    config = ClassementConfig(methode=Methode.POURCENTAGE, effectifs_nationaux={2024: 8000})
    with pytest.raises(InvalidInput) as error:
        rank([interne("1"), interne("2", promotion=2023, semestres_valides=6)], config=config)
    assert error.value.messages() == [
        "méthode pourcentage : effectif national de la promotion 2023 absent de "
        "[classement.effectifs_nationaux] (ex. 2023 = 9000)"
    ]


def test_a_promotion_after_the_semester_is_an_error_naming_the_interne():
    with pytest.raises(InvalidInput) as error:
        rank([interne("1", nom="Roux", prenom="Léa", promotion=2027, semestres_valides=0)])
    assert error.value.messages() == [
        "interne 1 (Roux Léa) : promotion 2027 postérieure au semestre d'hiver 2026-2027"
    ]


def test_a_list_by_phase_renumbers_ranks_and_ties():
    rows = [
        interne("1", rin=1, phase="socle"),
        interne("2", rin=2, phase="approfondissement"),
        interne("3", rin=2, phase="socle"),
        interne("4", rin=3, phase="socle"),
    ]
    pre = restrict(rank(rows), lambda ligne: ligne.interne.phase is Phase.SOCLE)
    assert order(pre) == ["1", "3", "4"]
    assert [(ligne.rang, ligne.groupe) for ligne in pre.lignes] == [(1, None), (2, None), (3, None)]
