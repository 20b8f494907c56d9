"""What each interne carries to the next semester (règles §7), pure: the place taken becomes a
stage effectué, ancienneté grows by one when it is validated, the phase moves on at its length,
the DES done ends the internat; no place changes nothing; no maquette keeps the phase."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ranking.errors import Refused
from ranking.maquette import Maquette, Stage
from ranking.model import Semestre
from ranking.semestres import (
    Courant,
    Place,
    check_archive_libre,
    check_listes_closes,
    fin_internat,
    phase_apres,
    reporter,
)

MG = Maquette("Médecine générale", 8, (("socle", 2), ("approfondissement", 4),
                                       ("consolidation", 2)), ())  # fmt: skip
HIVER = Semestre(2026, True)


def maquette(des: str) -> Maquette | None:
    return MG if des == "MG" else None


def place(interne: str, surnombre: str | None = None, type: str | None = "CHU") -> Place:
    return Place(interne, f"P-{interne}", f"Terrain {interne}", "CHU Amiens", type, surnombre)


def socle(semestre: str, valide: bool = True) -> Stage:
    return Stage(semestre, "T", None, None, "socle", valide)


def test_the_semester_after_winter_is_summer_of_the_next_year_and_back():
    assert HIVER.suivant == Semestre(2027, False) and HIVER.suivant.code == "2027-05"
    assert Semestre(2027, False).suivant.code == "2027-11"


@pytest.mark.parametrize(
    ("courant", "held", "expected"),
    [
        # a place: one semester more, the stage validé by presumption, in his phase
        (Courant("1", "MG", "approfondissement", 4, True), place("1"),
         (5, "approfondissement", True, False, True)),
        # surnombre non validant: the stage recorded non validé, ancienneté unchanged
        (Courant("2", "MG", "approfondissement", 4, True), place("2", "non_validant"),
         (4, "approfondissement", True, False, False)),
        # surnombre validant counts as any place
        (Courant("3", "MG", "approfondissement", 4, True), place("3", "validant"),
         (5, "approfondissement", True, False, True)),
        # the second validated stage of the socle: the phase moves on
        (Courant("4", "MG", "socle", 1, True, (socle("2026-05"),)), place("4"),
         (2, "approfondissement", True, False, True)),
        # a non-validated stage of the socle does not count for the phase
        (Courant("5", "MG", "socle", 1, True, (socle("2026-05", False),)), place("5"),
         (2, "socle", True, False, True)),
        # the DES done: fin d'internat, inactive
        (Courant("6", "MG", "consolidation", 7, True), place("6"),
         (8, "consolidation", False, True, True)),
        # the last phase is kept
        (Courant("7", "MG", "consolidation", 6, True, (Stage("2026-05", "T", None, None,
                                                             "consolidation"),)),
         place("7"), (7, "consolidation", True, False, True)),
        # no maquette for his DES: phase kept, never fin d'internat
        (Courant("8", "Psy", "socle", 11, True, (socle("2026-05"), socle("2025-11"))),
         place("8"), (12, "socle", True, False, True)),
    ],
)  # fmt: skip
def test_what_a_place_carries(courant, held, expected):
    reports, bilan = reporter(HIVER, [courant], {courant.id: held}, maquette)
    (report,) = reports
    stage = report.stage
    got = (report.semestres_valides, report.phase, report.actif, report.fin_internat, stage.valide)
    assert got == expected
    assert (stage.cle, stage.semestre, stage.terrain, stage.type, stage.phase) == (
        f"{courant.id}/2026-11", "2026-11", held.terrain, "CHU", courant.phase,
    )  # fmt: skip
    assert bilan.stages == 1 and bilan.non_valides == (not expected[4])


def test_no_place_changes_nothing_and_is_counted_only_for_the_active():
    courants = [Courant("1", "MG", "socle", 1, True), Courant("2", "MG", "socle", 1, False)]
    reports, bilan = reporter(HIVER, courants, {}, maquette)
    assert reports == ()
    assert (bilan.reportes, bilan.stages, bilan.sans_place) == (2, 0, 1)


def test_a_stage_already_recorded_for_the_closing_semester_is_replaced_by_the_place():
    courant = Courant("1", "MG", "socle", 1, True, (socle("2026-05"), socle("2026-11", False)))
    (report,), bilan = reporter(HIVER, [courant], {"1": place("1")}, maquette)
    assert report.phase == "approfondissement" and bilan.phase_suivante == 1


def test_phase_and_end_of_internat_without_a_maquette():
    assert phase_apres(None, "socle", [socle("2026-05")] * 5) == "socle"
    assert not fin_internat(None, 40)
    assert fin_internat(MG, 8) and not fin_internat(MG, 7)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["MG", "Psy"]),
            st.sampled_from([None, "socle", "approfondissement", "consolidation"]),
            st.integers(0, 12),
            st.booleans(),
            st.sampled_from([None, "aucune", "non_validant", "validant"]),
        ),
        max_size=20,
    )
)
def test_reporter_never_lowers_semestres_valides(rows):
    courants, places = [], {}
    for number, (des, phase, valides, actif, held) in enumerate(rows):
        courants.append(Courant(str(number), des, phase, valides, actif))
        if held is not None:
            places[str(number)] = place(str(number), None if held == "aucune" else held)
    reports, bilan = reporter(HIVER, courants, places, maquette)
    before = {c.id: c for c in courants}
    for report in reports:
        assert report.semestres_valides >= before[report.id].semestres_valides
        assert report.semestres_valides - before[report.id].semestres_valides <= 1
    assert bilan.stages == len(places) == len(reports)


def test_the_refusals_name_every_list_not_closed_and_a_semester_never_called():
    with pytest.raises(Refused, match=r"« MG » \(choix en cours\), « Psy » \(classement final\)"):
        check_listes_closes([("MG", "choix en cours"), ("Psy", "classement final")], 1, HIVER)
    with pytest.raises(Refused, match=r"n'a encore clos aucun choix : « MG » \(à classer\)"):
        check_listes_closes([("MG", "à classer")], 0, HIVER)
    check_listes_closes([], 2, HIVER)


def test_an_archive_left_by_an_interrupted_change_is_made_again_another_file_is_refused():
    check_archive_libre("amphi-2026-11.sqlite3", None, "2026-11", "2027-05")
    check_archive_libre("amphi-2026-11.sqlite3", ("2026-11", "2027-05"), "2026-11", "2027-05")
    with pytest.raises(Refused, match="existe déjà"):
        check_archive_libre("amphi-2026-11.sqlite3", (None, None), "2026-11", "2027-05")
