"""Every worked example of the two source documents (shared/seeds)."""

from fractions import Fraction

from ranking.classement import promotion_theorique
from ranking.config import ClassementConfig, Methode
from ranking.interclassement import ri3, rin
from ranking.model import Concours, Formation, Interne, Semestre
from tests.conftest import interne, order, rank


def _interne(promotion: int, valides: int) -> Interne:
    return Interne(
        "x", "N", "P", Formation.MEDECINE, "DES", "D", "C", promotion, Concours.ECN, 1,
        semestres_valides=valides,
    )  # fmt: skip


def test_promotion_theorique_table_of_the_imotep_guide():
    # Promotion 2012, 6 semesters in all: the choice for the winter semester 2015.
    semestre = Semestre(2015, winter=True)
    assert semestre.semestres_theoriques(2012) == 6
    assert promotion_theorique(semestre, _interne(2012, 6)) == 2012
    assert promotion_theorique(semestre, _interne(2012, 4)) == 2013
    assert promotion_theorique(semestre, _interne(2012, 2)) == 2014


def test_summer_semester_counts_one_semester_less():
    assert Semestre.parse("2027-05").semestres_theoriques(2024) == 5
    assert Semestre.parse("2026-11").semestres_theoriques(2024) == 4


def test_odd_delay_rounds_up_to_the_later_promotion():
    assert promotion_theorique(Semestre(2015, winter=True), _interne(2012, 5)) == 2013
    assert promotion_theorique(Semestre(2015, winter=True), _interne(2012, 3)) == 2014


def test_rin_table_of_the_imotep_guide():
    notes = {
        "A": [("A1", 425, 500), ("A2", 327, 500), ("A3", 318, 500), ("A4", 253, 500)],
        "B": [("B1", 675, 700), ("B2", 650, 700), ("B3", 558, 700)],
    }
    result = rin(notes)
    assert [(r.rang, r.id) for r in result] == [
        (1, "B1"), (2, "B2"), (3, "A1"), (4, "B3"), (5, "A2"), (6, "A3"), (7, "A4"),
    ]  # fmt: skip
    assert [round(r.valeur) for r in result] == [964, 929, 850, 797, 654, 636, 506]


def test_ri3_table_of_the_imotep_guide_with_its_tie_at_7():
    ranks = {
        "A": [("A1", 1), ("A2", 2), ("A3", 3), ("A4", 4)],
        "B": [("B1", 1), ("B2", 2), ("B3", 3)],
    }
    result = ri3(ranks)
    assert [(r.id, r.valeur) for r in result] == [
        ("A1", Fraction(7, 4)), ("B1", Fraction(7, 3)), ("A2", Fraction(7, 2)),
        ("B2", Fraction(14, 3)), ("A3", Fraction(21, 4)), ("A4", 7), ("B3", 7),
    ]  # fmt: skip
    assert [r.rang for r in result] == [1, 2, 3, 4, 5, 6, 6]


def test_pourcentage_example_of_amiens_0561_before_0780():
    # Winter 2024: C (promotion 2023, no semester validated, 7911/10140) and
    # B (promotion 2024, 4387/7817) are ranked at equal seniority by their percentage.
    config = ClassementConfig(
        methode=Methode.POURCENTAGE, effectifs_nationaux={2023: 10140, 2024: 7817}
    )
    pre = rank(
        [
            interne("C", promotion=2023, semestres_valides=0, rang_concours=7911, concours="ECN"),
            interne("B", promotion=2024, semestres_valides=0, rang_concours=4387),
        ],
        semestre="2024-11",
        config=config,
    )
    assert order(pre) == ["B", "C"]
    values = {ligne.interne.id: ligne.calcul.rang_calcule for ligne in pre.lignes}
    assert round(float(values["B"]), 3) == 0.561
    assert round(float(values["C"]), 3) == 0.780
