"""The maquette's rules (SPEC §6) on the seed's examples (Amiens, DES de Médecine générale), and
a property: a place the rules allow never leaves a configured limit broken."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ranking.appel import Appel, Candidat, absent
from ranking.classement import Statut
from ranking.maquette import (
    Eligibilite,
    Maquette,
    Offre,
    Profil,
    Regle,
    Sorte,
    Stage,
    TypesOuverts,
    bilan,
    refus,
)
from ranking.simulation import simuler

CHU = "CHU Amiens-Picardie"
MG = Maquette(
    des="Médecine générale",
    semestres=6,
    phases=(("socle", 2), ("approfondissement", 2), ("consolidation", 2)),
    regles=(
        Regle(Sorte.AU_PLUS, (("SASPAS",),), 1, "approfondissement", libelle="deuxième SASPAS"),
        Regle(Sorte.ETABLISSEMENT, (), 1, etablissement=CHU, libelle="deuxième stage au CHU"),
        Regle(Sorte.REQUIS, (("SASPAS",), ("Libre", "SN2")), phase="approfondissement"),
    ),
)


def stage(kind: str, terrain: str = "Cabinet Abbeville", phase="approfondissement", where=None):
    return Stage("2026-05", terrain, where, kind, phase)


def offre(kind: str, terrain: str = "Cabinet Beauvais", where=None, agrement=frozenset()):
    return Offre(f"P-{kind}", terrain, kind, where, agrement)


def profil(*stages: Stage, phase="approfondissement") -> Profil:
    return Profil("Médecine générale", phase, stages)


def test_a_second_saspas_is_refused_in_approfondissement():
    said = refus(MG, profil(stage("SASPAS")), offre("SASPAS"))
    assert said == (
        "deuxième SASPAS : la maquette de Médecine générale en permet 1 en phase "
        "approfondissement (1 validé(s))"
    )
    assert refus(MG, profil(stage("SASPAS")), offre("SN2")) is None
    assert refus(MG, profil(stage("SASPAS", phase="socle"), phase="approfondissement"),
                 offre("SASPAS")) is None  # fmt: skip


def test_an_sn2_on_the_terrain_of_his_saspas_is_allowed():
    assert refus(MG, profil(stage("SASPAS", "Cabinet X")), offre("SN2", "Cabinet X")) is None


def test_one_stage_at_the_chu_over_the_whole_des():
    done = profil(
        stage("Urgences", "CHU — Urgences", phase="socle", where=CHU), phase="consolidation"
    )
    said = refus(MG, done, offre("Gériatrie", "CHU — Gériatrie", where=CHU))
    assert said.startswith("deuxième stage au CHU : la maquette de Médecine générale en permet 1")
    assert refus(MG, done, offre("Gériatrie", "CH Abbeville", where="CH Abbeville")) is None


def test_the_last_semester_of_a_phase_is_held_to_its_missing_type():
    last = profil(stage("SN2"))  # one semester of two done in approfondissement, no SASPAS yet
    open_types = lambda: frozenset({"saspas", "sn2"})  # noqa: E731
    said = refus(MG, last, offre("SN2"), open_types)
    assert said == (
        "type requis manquant : dernier semestre de la phase approfondissement, il lui manque "
        "un stage SASPAS (encore offert)"
    )
    assert refus(MG, last, offre("SASPAS"), open_types) is None
    assert refus(MG, last, offre("SN2"), lambda: frozenset({"sn2"})) is None  # no SASPAS left


def test_the_agrement_names_the_des_and_the_phase():
    pediatrie = offre("Pédiatrie", agrement=frozenset({"pediatrie", "medecine generale:socle"}))
    assert refus(None, profil(phase="socle"), pediatrie) is None
    said = refus(None, profil(), pediatrie)
    assert said == (
        "agrément : le poste P-Pédiatrie n'est pas agréé pour Médecine générale en phase "
        "approfondissement"
    )


def test_without_a_maquette_nothing_is_checked():
    assert refus(None, profil(stage("SASPAS")), offre("SASPAS")) is None


TYPES = st.sampled_from(["SASPAS", "SN1", "SN2", "Libre", "Urgences"])
PLACES = st.sampled_from([CHU, "CH Abbeville", None])
PHASES = st.sampled_from(["socle", "approfondissement", "consolidation"])
STAGES = st.builds(stage, TYPES, st.sampled_from(["T1", "T2", "T3"]), PHASES, PLACES)


@given(st.lists(STAGES, max_size=6), PHASES, st.builds(offre, TYPES, st.just("T9"), PLACES))
def test_an_allowed_place_never_breaks_a_limit(history, phase, poste):
    """A place given without « hors maquette » never breaks (a) or (b)."""
    before = profil(*history, phase=phase)
    if refus(MG, before, poste) is not None:
        return
    after = [*history, stage(poste.type, poste.terrain, phase, poste.etablissement)]
    saspas = [s for s in after if s.type == "SASPAS" and s.phase == "approfondissement"]
    saspas_before = [s for s in history if s.type == "SASPAS" and s.phase == "approfondissement"]
    assert len(saspas) <= max(1, len(saspas_before))
    at_chu = [s for s in after if s.etablissement == CHU]
    assert len(at_chu) <= max(1, len([s for s in history if s.etablissement == CHU]))


def test_the_bilan_says_what_is_done_and_what_is_left():
    stages = (
        Stage("2025-11", "Cabinet Corbie", None, "SASPAS", "approfondissement"),
        Stage("2024-11", "CHU — Cardiologie", "CHU Amiens-Picardie", "Cardiologie", "socle"),
    )
    lines = bilan(MG, Profil("Médecine générale", "approfondissement", stages))
    assert lines == [
        "Médecine générale : 2 semestre(s) validé(s) sur 6.",
        "Phase approfondissement : 1 semestre(s) validé(s) sur 2 — le semestre qui vient est "
        "le dernier de la phase.",
        "deuxième SASPAS : 1 validé(s) sur 1 permis — plus aucun permis.",
        "deuxième stage au CHU : 1 validé(s) sur 1 permis — plus aucun au CHU Amiens-Picardie.",
        "stages requis en phase approfondissement (SASPAS, Libre / SN2) : il manque Libre / SN2.",
    ]
    assert bilan(None, Profil("Pédiatrie", "socle")) == [
        "Aucune règle de maquette n'est configurée pour Pédiatrie."
    ]


MG_TERRAINS = replace(MG, regles=(*MG.regles, Regle(Sorte.TERRAIN_UNIQUE)))
OFFRES = st.builds(
    Offre, st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P6"]), st.sampled_from(["T1", "T9"]),
    TYPES, PLACES, st.sampled_from([frozenset(), frozenset({"medecine generale:socle"})]),
)  # fmt: skip


@given(st.lists(STAGES, max_size=5), PHASES, OFFRES, st.sets(TYPES.map(str.lower)),
       st.sampled_from([MG, MG_TERRAINS]))  # fmt: skip
def test_the_quick_verdict_is_the_rule_s(history, phase, poste, open_types, maquette):
    """What a simulation and a picker decide once per kind of interne and poste is what the
    rules say one by one, whatever is open."""
    him = profil(*history, phase=phase)
    regles = Eligibilite({"medecine generale": maquette}, {"I": him}, {poste.id: poste})
    elsewhere = {f"O-{kind}": Offre(f"O-{kind}", "T", kind) for kind in open_types}
    types = TypesOuverts(elsewhere, elsewhere)  # a poste of each of these types open
    allowed = regles.permis("I", [poste.id], types) == [poste.id]
    assert allowed == (refus(maquette, him, poste, lambda: frozenset(open_types)) is None)


@given(st.lists(st.tuples(st.lists(STAGES, max_size=4), PHASES), min_size=1, max_size=8),
       st.lists(OFFRES, min_size=1, max_size=6, unique_by=lambda o: o.id),
       st.lists(st.lists(st.sampled_from(["P1", "P2", "P3", "P4", "P5", "P6"]), max_size=4),
                min_size=8, max_size=8),
       st.lists(st.integers(1, 2), min_size=6, max_size=6))  # fmt: skip
def test_the_simulation_never_promises_a_forbidden_poste(people, offres, wishes, places):
    """Against the plain reading: each interne in turn, the first voeu with a place left
    that the rules allow him given what is still open then."""
    profils = {f"I{n}": profil(*h, phase=p) for n, (h, p) in enumerate(people)}
    regles = Eligibilite({"medecine generale": MG}, profils, {o.id: o for o in offres})
    capacites = {o.id: places[n] for n, o in enumerate(offres)}
    candidats = [Candidat((i, Statut.STANDARD), n + 1) for n, i in enumerate(profils)]
    voeux = {c.key: wishes[n] for n, c in enumerate(candidats)}
    got = simuler(candidats, capacites, voeux, regles=replace(regles, memo={}))
    left = dict(capacites)
    for c in candidats:

        def open_now() -> list[str]:
            return [p for p, n in left.items() if n > 0]

        expected = next((w for w in voeux[c.key] if left.get(w, 0) > 0
                         and regles.refus(c.interne, w, open_now) is None), None)  # fmt: skip
        assert got[c.key].obtenu == expected
        if expected is not None:
            left[expected] -= 1


@given(st.lists(STAGES, max_size=4), PHASES, st.lists(OFFRES, min_size=3, max_size=6,
       unique_by=lambda o: o.id))  # fmt: skip
def test_a_procuration_never_applies_a_forbidden_voeu(history, phase, offres):
    regles = Eligibilite({"medecine generale": MG}, {"I": profil(*history, phase=phase)},
                         {o.id: o for o in offres})  # fmt: skip
    wishes = tuple(o.id for o in offres)
    called = Candidat(("I", Statut.STANDARD), 1, voeux=wishes)
    appel = replace(Appel.ouvrir([called], {o.id: 1 for o in offres}), eligibilite=regles)
    forbidden = {w for w in wishes if appel.interdit(called.key, w)}
    after, _ = absent(appel, called.key)
    taken = [p.poste for p in after.prises]
    assert not set(taken) & forbidden
    allowed = [w for w in wishes if w not in forbidden]
    assert taken == allowed[:1]
