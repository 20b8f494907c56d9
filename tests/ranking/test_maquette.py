"""The maquette's rules (règles §6) on the seed's examples (Amiens, DES de Médecine générale), and
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
    refus,
)
from ranking.maquette_bilan import bilan
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
    open_now = lambda: [offre("SASPAS"), offre("SN2")]  # noqa: E731
    said = refus(MG, last, offre("SN2"), open_now)
    assert said == (
        "type requis manquant : dernier semestre de la phase approfondissement, il lui manque "
        "un stage SASPAS (encore offert)"
    )
    assert refus(MG, last, offre("SASPAS"), open_now) is None
    assert refus(MG, last, offre("SN2"), lambda: [offre("SN2")]) is None  # no SASPAS left


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


OUVERTES = st.lists(
    st.builds(Offre, st.just(""), st.sampled_from(["T1", "T2", "T9"]), TYPES, PLACES,
              st.sampled_from([frozenset(), frozenset({"medecine generale:socle"})])),
    max_size=6,
).map(lambda found: [replace(o, id=f"O{n}") for n, o in enumerate(found)])  # fmt: skip


@given(st.lists(STAGES, max_size=5), PHASES, OFFRES, OUVERTES, st.sampled_from([MG, MG_TERRAINS]))
def test_the_quick_verdict_is_the_rule_s(history, phase, poste, ouverts, maquette):
    """What a simulation and a picker decide once per kind of interne and poste is what the
    rules say one by one, whatever is open: held by a missing required type only while an
    open poste of it remains that he may take."""
    him = profil(*history, phase=phase)
    offres = {o.id: o for o in [poste, *ouverts]}
    regles = Eligibilite({"medecine generale": maquette}, {"I": him}, offres)
    allowed = regles.permis("I", [poste.id], regles.suivre(o.id for o in ouverts)) == [poste.id]
    said = refus(maquette, him, poste, lambda: ouverts)
    assert allowed == (said is None)
    assert regles.refus("I", poste.id, lambda: [o.id for o in ouverts]) == said


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
        him = profils[c.interne]

        def open_now() -> list[Offre]:
            return [regles.offres[p] for p, n in left.items() if n > 0]

        forbidden = {
            w: said
            for w in voeux[c.key]
            if left.get(w, 0) > 0
            and (said := refus(MG, him, regles.offres[w], open_now)) is not None
        }
        expected = next((w for w in voeux[c.key] if left.get(w, 0) > 0 and w not in forbidden),
                        None)  # fmt: skip
        assert got[c.key].obtenu == expected
        assert got[c.key].numero == (voeux[c.key].index(expected) + 1 if expected else None)
        before = voeux[c.key][: voeux[c.key].index(expected)] if expected else voeux[c.key]
        assert got[c.key].ecartes == tuple((w, forbidden[w]) for w in before if w in forbidden)
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


def test_an_open_missing_type_he_may_not_take_does_not_hold_him():
    """(d) as règles §6 reads it: held while an open poste of his missing type remains that he
    may take; the only SASPAS left is at the CHU he may no longer join: he is free, not left
    without any allowed poste."""
    him = profil(stage("SN2"), stage("Urgences", "CHU — Urgences", phase="socle", where=CHU))
    saspas_chu = Offre("SAS-CHU", "CHU — SASPAS", "SASPAS", CHU)
    saspas = Offre("SAS-1", "Cabinet Corbie", "SASPAS")
    ped = Offre("PED-1", "CH Beauvais — Pédiatrie", "Pédiatrie")
    offres = {o.id: o for o in (saspas_chu, saspas, ped)}
    regles = Eligibilite({"medecine generale": MG}, {"I": him}, offres)
    assert refus(MG, him, saspas_chu) is not None  # a second stage at the CHU
    assert refus(MG, him, ped, lambda: [saspas_chu, ped]) is None
    assert regles.refus("I", "PED-1", lambda: ["SAS-CHU", "PED-1"]) is None
    assert regles.interdits("I", ["SAS-CHU", "PED-1"]) == {"SAS-CHU"}
    held = refus(MG, him, ped, lambda: [saspas_chu, saspas, ped])  # one he may take: held
    assert held == (
        "type requis manquant : dernier semestre de la phase approfondissement, il lui manque "
        "un stage SASPAS (encore offert)"
    )
    assert regles.interdits("I", ["SAS-CHU", "SAS-1", "PED-1"]) == {"SAS-CHU", "PED-1"}


def test_an_interne_late_in_his_phase_is_held_too():
    """More stages in his phase than its length − 1, the required type still missing."""
    late = profil(stage("SN2"), stage("Urgences", "T2"), stage("Pédiatrie", "T3"))
    open_now = [offre("SASPAS"), offre("Pédiatrie")]
    said = refus(MG, late, offre("Pédiatrie"), lambda: open_now)
    assert said is not None and "il lui manque un stage SASPAS" in said
    regles = Eligibilite({"medecine generale": MG}, {"I": late}, {o.id: o for o in open_now})
    assert regles.interdits("I", ["P-SASPAS", "P-Pédiatrie"]) == {"P-Pédiatrie"}
    assert bilan(MG, late)[1] == (
        "Phase approfondissement : 3 semestre(s) validé(s) sur 2 — au-delà du dernier semestre "
        "de la phase : les types requis qui manquent passent d'abord."
    )


def test_the_simulation_numbers_a_voeu_as_given_and_says_what_the_maquette_set_aside():
    first = Candidat(("I0", Statut.STANDARD), 1)
    him = Candidat(("I1", Statut.STANDARD), 2)
    offres = [offre(kind) for kind in ("SASPAS", "Urgences", "Pédiatrie", "SN2")]
    profils = {"I0": profil(phase="socle"), "I1": profil(stage("SASPAS"))}
    regles = Eligibilite({"medecine generale": MG}, profils, {o.id: o for o in offres})
    voeux = {
        first.key: ["P-Pédiatrie"],
        him.key: ["P-SASPAS", "P-Urgences", "P-Pédiatrie", "P-SN2"],
    }
    got = simuler([first, him], dict.fromkeys(voeux[him.key], 1), voeux, regles=regles)[him.key]
    assert (got.obtenu, got.numero, got.pris_avant) == ("P-SN2", 4, ("P-Pédiatrie",))
    assert got.ecartes == (
        ("P-SASPAS", "deuxième SASPAS : la maquette de Médecine générale en permet 1 en phase "
                     "approfondissement (1 validé(s))"),
        ("P-Urgences", "type requis manquant : dernier semestre de la phase approfondissement, "
                       "il lui manque un stage Libre / SN2 (encore offert)"),
    )  # fmt: skip
