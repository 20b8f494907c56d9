"""The call of a list (règles §4), pure: a whole list with every case, refusals, properties."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ranking.appel import (
    Appel,
    Candidat,
    Nature,
    Surnombre,
    absent,
    affecter_office,
    annuler,
    arrivee,
    choisir,
    clore,
    differer,
    injoignable,
)
from ranking.classement import Statut
from ranking.errors import Refused
from ranking.horloge import PLANCHER, cadence, estimations, rythme
from ranking.simulation import simuler

S = Statut.STANDARD


def k(identifier: str) -> tuple[str, Statut]:
    return (identifier, S)


CAPACITES = {"A": 2, "B": 1, "C": 1, "D": 2, "E": 2}


def liste() -> Appel:
    return Appel.ouvrir(
        [
            Candidat(k("a"), 1),
            Candidat(k("b"), 2, fleche="D"),
            Candidat(k("c"), 3, voeux=("B", "C", "D")),
            Candidat(k("d"), 4),
            Candidat(k("e"), 5, surnombre=Surnombre.VALIDANT),
            Candidat(k("f"), 6, sortant=True),
            Candidat(k("g"), 7),
            Candidat(k("h"), 8),
            Candidat(k("i"), 9, voeux=("A", "B", "C")),
            Candidat(k("j"), 10, surnombre=Surnombre.NON_VALIDANT),
            Candidat(k("k"), 11),
        ],
        CAPACITES,
    )


def places(appel: Appel) -> dict[str, tuple[str, str]]:
    """Who holds which poste, and how (« choix » when nothing is to be said)."""
    return {p.key[0]: (p.poste, p.mention or "choix") for p in appel.prises}


def test_a_whole_list_with_every_case_of_choice_day():
    appel = liste()
    assert places(appel) == {"b": ("D", "stage fléché")}  # fléché before the call, never called
    assert appel.appele() == k("a") and appel.ouverts() == {"A": 2, "B": 1, "C": 1, "D": 1, "E": 2}

    appel, _ = choisir(appel, k("j"), "A")  # surnombre non validant: any moment, place stays
    appel, said = choisir(appel, k("a"), "A")
    assert said == "a prend le poste A" and appel.libres("A") == 1
    appel, said = absent(appel, k("c"))  # procuration: first open wish
    assert said == "c prend le poste B (par procuration)"
    appel, said = absent(appel, k("d"))
    assert said == "d absent, passé : il choisira à son arrivée" and appel.appele() == k("e")
    appel, _ = choisir(appel, k("e"), "A")  # surnombre validant: at his rank, place stays open
    assert appel.libres("A") == 1
    assert appel.appele() == k("g")  # f is sortant: he chooses in his destination list
    appel, said = differer(appel, k("g"), 9)
    assert said == "g choisira après le rang 9 (il garde son rang 7)"
    assert appel.sequence() == [k("h"), k("i"), k("g"), k("k")]
    appel, _ = arrivee(appel, k("d"))  # d arrives while h is called: d comes right after h
    assert appel.sequence() == [k("h"), k("d"), k("i"), k("g"), k("k")]
    appel, _ = choisir(appel, k("h"), "A")
    before_undo = appel
    appel, said = annuler(appel)  # h changes his mind: nobody after him has chosen
    assert said == "choix annulé : h rend le poste A" and appel.appele() == k("h")
    appel, _ = choisir(appel, k("h"), "A")
    assert appel == before_undo
    appel, _ = choisir(appel, k("d"), "C")
    appel, said = absent(appel, k("i"))  # procuration, but A, B, C are all taken
    assert said == "i absent, aucun vœu de sa procuration n'est libre : l'appeler"
    assert appel.appele() == k("i")
    with pytest.raises(Refused, match="attend un appel téléphonique"):
        annuler(appel)
    appel, _ = injoignable(appel, k("i"))
    appel, _ = choisir(appel, k("g"), "D")  # the deferred interne, after rank 9
    appel, _ = absent(appel, k("k"))
    assert appel.sequence() == []
    with pytest.raises(Refused, match="absents sans poste : i, k"):
        clore(appel)
    appel, said = affecter_office(appel, k("i"), "E")
    assert said == "i prend le poste E (affecté d'office)"
    appel, _ = affecter_office(appel, k("k"), "E")
    appel, said = clore(appel)
    assert said == "choix clos : 8 place(s) prise(s) sur 8 et 2 surnombre(s) ; 0 restante(s)"
    assert places(appel) == {
        "a": ("A", "choix"), "b": ("D", "stage fléché"), "c": ("B", "par procuration"),
        "d": ("C", "choix"), "e": ("A", "surnombre validant"), "g": ("D", "choix"),
        "h": ("A", "choix"), "i": ("E", "affecté d'office"),
        "j": ("A", "surnombre non validant"), "k": ("E", "affecté d'office"),
    }  # fmt: skip
    assert all(appel.libres(poste) >= 0 for poste in CAPACITES)
    with pytest.raises(Refused, match="le choix de cette liste est clos"):
        annuler(appel)


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda a: choisir(a, k("h"), "A"), "ce n'est pas le tour de h : l'appelé est a"),
        (lambda a: choisir(a, k("a"), "Z"), "le poste Z n'est pas offert"),
        (
            lambda a: choisir(a, k("f"), "A"),
            "f est sortant : il choisit dans la liste de son stage hors discipline, pas ici",
        ),
        (lambda a: choisir(a, k("b"), "A"), "b a un stage fléché"),
        (lambda a: choisir(a, k("x"), "A"), "x n'est pas sur cette liste"),
        (lambda a: absent(a, k("c")), "ce n'est pas le tour de c"),
        (lambda a: differer(a, k("a"), 1), "le rang doit être après le sien"),
        (lambda a: differer(a, k("a"), 12), "et au plus 11"),
        (lambda a: arrivee(a, k("d")), "d n'a pas été passé comme absent"),
        (lambda a: injoignable(a, k("a")), "n'est pas en attente d'appel"),
        (lambda a: annuler(a), "aucun choix à annuler"),
        (lambda a: affecter_office(a, k("a"), "E"), "l'appel n'est pas terminé"),
        (lambda a: clore(a), "l'appel n'est pas terminé : a est appelé"),
    ],
)
def test_what_the_rules_forbid_is_refused_in_french(act, message):
    with pytest.raises(Refused, match=message):
        act(liste())


def test_a_full_poste_cannot_be_chosen_except_by_a_non_validant_surnombre():
    appel = Appel.ouvrir(
        [
            Candidat(k("a"), 1),
            Candidat(k("b"), 2),
            Candidat(k("n"), 3, surnombre=Surnombre.NON_VALIDANT),
        ],
        {"A": 1, "B": 1},
    )
    appel, _ = choisir(appel, k("a"), "A")
    with pytest.raises(Refused, match="le poste A est complet"):
        choisir(appel, k("b"), "A")
    appel, _ = choisir(appel, k("n"), "A")
    assert appel.libres("A") == 0 and places(appel)["n"] == ("A", "surnombre non validant")


def test_an_interne_twice_on_a_list_takes_one_place():
    appel = Appel.ouvrir(
        [Candidat(k("a"), 1), Candidat(("a", Statut.HORS_DISCIPLINE), 3), Candidat(k("b"), 2)],
        {"A": 3},
    )
    appel, _ = choisir(appel, k("a"), "A")
    appel, _ = choisir(appel, k("b"), "A")
    assert appel.sequence() == []


def test_pace_and_estimated_times():
    assert cadence([]) is None
    assert cadence([30, 45, 600, 40, 35]) == 40  # a long discussion does not skew the pace
    appel = liste()
    at = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
    times = dict(estimations(appel, 60, at))
    assert times[k("a")] == at and times[k("c")] == datetime(2026, 10, 5, 9, 1, tzinfo=UTC)
    assert k("b") not in times and k("f") not in times


def test_the_pace_estimates_use_is_bounded():
    assert rythme(None) is None and rythme(0.4) is None  # a script's acts: no estimate
    assert rythme(3.0) == PLANCHER  # a burst of acts is not the room's pace
    assert rythme(75.0) == 75.0 and rythme(75.0, 240) == 75.0
    assert rythme(900.0, 240) == 240  # nobody is given longer than the configured time
    assert rythme(3.0, 20) == 20  # the floor never above it


def test_simulation_tells_what_each_would_get_and_what_is_gone_before():
    candidats = [
        Candidat(k("a"), 1),
        Candidat(k("b"), 2, fleche="B"),
        Candidat(k("c"), 3, surnombre=Surnombre.VALIDANT),
        Candidat(k("d"), 4),
    ]
    voeux = {k("a"): ["A"], k("c"): ["A", "B"], k("d"): ["A", "B", "C"]}
    result = simuler(candidats, {"A": 1, "B": 1, "C": 1}, voeux)
    assert (result[k("a")].obtenu, result[k("a")].numero) == ("A", 1)
    assert result[k("b")].obtenu == "B"
    assert (result[k("c")].obtenu, result[k("c")].pris_avant) == (None, ("A", "B"))
    assert (result[k("d")].obtenu, result[k("d")].numero, result[k("d")].pris_avant) == (
        "C",
        3,
        ("A", "B"),
    )


POSTES = ["A", "B", "C", "D", "E"]


@st.composite
def lists(draw):
    capacites = {p: draw(st.integers(1, 3)) for p in POSTES[: draw(st.integers(1, 5))]}
    count = draw(st.integers(1, 25))
    left = dict(capacites)
    candidats, voeux = [], {}
    for number in range(count):
        kind = draw(st.sampled_from(["", "", "", "validant", "non_validant", "sortant", "fleche"]))
        fleche = None
        if kind == "fleche":
            fleche = next((p for p, n in left.items() if n > 0), None)
            if fleche:
                left[fleche] -= 1
        key = k(f"i{number}")
        surnombre = Surnombre(kind) if kind in ("validant", "non_validant") else None
        voeux[key] = draw(st.lists(st.sampled_from(list(capacites)), unique=True, max_size=5))
        procuration = tuple(voeux[key]) if draw(st.booleans()) else ()
        candidats.append(
            Candidat(
                key, number + 1, sortant=kind == "sortant", surnombre=surnombre, fleche=fleche,
                voeux=procuration,
            )
        )  # fmt: skip
    return candidats, capacites, voeux


def run_serial_dictatorship(appel: Appel, voeux) -> Appel:
    """Everyone present, each taking his first wish still open; none open: passed."""
    for candidat in appel.candidats:
        if candidat.surnombre is Surnombre.NON_VALIDANT and voeux[candidat.key]:
            appel, _ = choisir(appel, candidat.key, voeux[candidat.key][0])
    while (key := appel.appele()) is not None:
        wish = next((w for w in voeux[key] if appel.libres(w) > 0), None)
        if wish:
            appel, _ = choisir(appel, key, wish)
        elif key == appel.attente:  # his procuration had nothing open: phoned, unreachable
            appel, _ = injoignable(appel, key)
        else:
            appel, _ = absent(appel, key)
    return appel


@settings(max_examples=200, deadline=None)
@given(lists())
def test_the_simulation_equals_the_call_run_as_serial_dictatorship(data):
    candidats, capacites, voeux = data
    appel = run_serial_dictatorship(Appel.ouvrir(candidats, capacites), voeux)
    simulated = {
        key: s.obtenu for key, s in simuler(candidats, capacites, voeux).items() if s.obtenu
    }
    assert {p.key: p.poste for p in appel.prises} == simulated


ACTS = st.lists(
    st.tuples(
        st.sampled_from(
            ["choisir", "absent", "arrivee", "differer", "annuler", "injoignable", "surnombre"]
        ),
        st.integers(0, 30),
    ),
    max_size=60,
)


def play(appel: Appel, acts, voeux) -> list[Appel]:
    """Apply random acts, skipping refused ones; every state reached."""
    states = [appel]
    for act, number in acts:
        current = appel.appele()
        try:
            if act == "choisir" and current:
                appel, _ = choisir(
                    appel, current, sorted(appel.capacites)[number % len(appel.capacites)]
                )
            elif act == "absent" and current:
                appel, _ = absent(appel, current)
            elif act == "arrivee" and appel.absents:
                absents = sorted(appel.absents)
                appel, _ = arrivee(appel, absents[number % len(absents)])
            elif act == "differer" and current:
                appel, _ = differer(appel, current, number)
            elif act == "annuler":
                appel, _ = annuler(appel)
            elif act == "office" and appel.absents:
                absents = sorted(appel.absents)
                poste = sorted(appel.capacites)[number % len(appel.capacites)]
                appel, _ = affecter_office(appel, absents[number % len(absents)], poste)
            elif act == "injoignable" and appel.attente:
                appel, _ = injoignable(appel, appel.attente)
            elif act == "surnombre":
                candidat = appel.candidats[number % len(appel.candidats)]
                appel, _ = choisir(appel, candidat.key, sorted(appel.capacites)[0])
        except Refused:
            continue
        states.append(appel)
    return states


@settings(max_examples=200, deadline=None)
@given(lists(), ACTS)
def test_no_place_is_ever_overfilled_nor_held_twice(data, acts):
    candidats, capacites, voeux = data
    for appel in play(Appel.ouvrir(candidats, capacites), acts, voeux):
        assert all(appel.libres(poste) >= 0 for poste in capacites)
        holders = [p.key[0] for p in appel.prises]
        assert len(holders) == len(set(holders))
        sequence = appel.sequence()
        assert len(sequence) == len(set(sequence)), "nobody is called twice"
        assert not {key[0] for key in sequence} & set(holders), "nobody placed is called"


@settings(max_examples=200, deadline=None)
@given(lists(), ACTS)
def test_undo_then_redo_gives_the_same_state(data, acts):
    candidats, capacites, voeux = data
    for appel in play(Appel.ouvrir(candidats, capacites), acts, voeux):
        try:
            undone, _ = annuler(appel)
        except Refused:
            continue
        last = next(p for p in reversed(appel.prises) if p.nature is not Nature.FLECHE)
        if last.nature is Nature.PROCURATION:
            redone, _ = absent(undone, last.key)
        elif last.nature is Nature.AFFECTE_OFFICE:
            redone, _ = affecter_office(undone, last.key, last.poste)
        else:
            redone, _ = choisir(undone, last.key, last.poste)
        assert redone == appel


@pytest.mark.parametrize("how", ["procuration", "office"])
def test_a_surnombre_validant_leaves_his_place_open_however_he_takes_it(how):
    appel = Appel.ouvrir(
        [
            Candidat(k("s"), 1, surnombre=Surnombre.VALIDANT, voeux=("A", "B", "C")),
            Candidat(k("b"), 2),
        ],
        {"A": 1, "B": 1, "C": 1},
    )
    if how == "procuration":
        appel, said = absent(appel, k("s"))
        assert said == "s prend le poste A (par procuration, surnombre validant)"
    else:
        appel = Appel.ouvrir(
            [Candidat(k("s"), 1, surnombre=Surnombre.VALIDANT), Candidat(k("b"), 2)],
            {"A": 1, "B": 1, "C": 1},
        )
        appel, _ = absent(appel, k("s"))
        appel, _ = choisir(appel, k("b"), "B")
        appel, said = affecter_office(appel, k("s"), "A")
        assert said == "s prend le poste A (affecté d'office, surnombre validant)"
    assert appel.libres("A") == 1
    if how == "procuration":
        appel, _ = choisir(appel, k("b"), "A")  # the next interne still finds the place open
        assert places(appel)["b"] == ("A", "choix")


def test_an_entrant_named_without_hd_is_told_how_to_name_him():
    appel = Appel.ouvrir(
        [Candidat(("e", Statut.HORS_DISCIPLINE), 1), Candidat(k("a"), 2)], {"A": 2}
    )
    with pytest.raises(Refused) as refused:
        choisir(appel, k("e"), "A")
    assert str(refused.value) == (
        "e n'est pas sur cette liste : e y est en hors discipline (entrant), le désigner e/HD"
    )


def test_a_sortant_is_told_he_chooses_in_his_destination_list():
    appel = Appel.ouvrir(
        [Candidat(k("s"), 1, sortant=True, destination="Psychiatrie"), Candidat(k("a"), 2)],
        {"A": 2},
    )
    for act in (lambda a: choisir(a, k("s"), "A"), lambda a: absent(a, k("s"))):
        with pytest.raises(Refused) as refused:
            act(appel)
        assert str(refused.value) == (
            "s est sortant : il choisit dans la liste « Psychiatrie », pas ici"
        )


def test_closing_names_the_non_validant_surnombres_who_hold_nothing():
    appel = Appel.ouvrir(
        [Candidat(k("a"), 1), Candidat(k("n"), 2, surnombre=Surnombre.NON_VALIDANT)], {"A": 1}
    )
    appel, _ = choisir(appel, k("a"), "A")
    _, said = clore(appel)
    assert said == (
        "choix clos : 1 place(s) prise(s) sur 1 ; 0 restante(s) ; sans poste (surnombre "
        "non "
        "validant, n'a pas choisi) : n"
    )


def test_when_no_place_remains_the_list_closes_naming_the_absents_left_without_one():
    appel = Appel.ouvrir([Candidat(k("a"), 1), Candidat(k("b"), 2)], {"A": 1, "B": 1})
    appel, _ = absent(appel, k("a"))
    appel, _ = choisir(appel, k("b"), "A")
    with pytest.raises(Refused, match="absents sans poste : a ; les affecter d'office"):
        clore(appel)
    appel = replace(appel, capacites={"A": 1})
    closed, said = clore(appel)
    assert closed.clos
    assert said == (
        "choix clos : 1 place(s) prise(s) sur 1 ; 0 restante(s) ; sans poste (absents, "
        "plus "
        "aucune place) : a"
    )
