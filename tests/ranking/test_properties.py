"""Properties of the order for any input (hypothesis): règles 3.4–3.6 hold, whatever the data."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ranking.classement import preclassement
from ranking.config import ClassementConfig
from ranking.model import Concours, Formation, Interne, Semestre
from ranking.ordre import Ordre, echanger, ordonner_groupe, valider_levee
from ranking.perimeter import Perimetre

SEMESTRE = Semestre(2026, winter=True)
PERIMETRE = Perimetre(Formation.MEDECINE, "Amiens", "Médecine générale")
NAMES = ["Martin", "martin", "Élie", "Elie", "Œillet", "Odin", "D’Aubigné", "Dabadie"]
AT = datetime(2026, 10, 1, tzinfo=UTC)


@st.composite
def internes(draw) -> list[Interne]:
    count = draw(st.integers(min_value=1, max_value=30))
    result = []
    for number in range(count):
        discipline = draw(st.sampled_from(["Médecine générale", "Psychiatrie"]))
        other = "Psychiatrie" if discipline == "Médecine générale" else "Médecine générale"
        result.append(
            Interne(
                id=f"i{number}",
                nom=draw(st.sampled_from(NAMES)),
                prenom=draw(st.sampled_from(["Léa", "Lea", "Hugo"])),
                formation=Formation.MEDECINE,
                des=discipline,
                discipline=discipline,
                circonscription="Amiens",
                promotion=draw(st.integers(min_value=2022, max_value=2026)),
                concours=draw(st.sampled_from([Concours.EDN, Concours.EDN, Concours.ETR])),
                rang_concours=draw(st.integers(min_value=1, max_value=6)),
                rin=draw(st.none() | st.integers(min_value=1, max_value=6)),
                semestres_valides=draw(st.integers(min_value=0, max_value=8)),
                hors_discipline=draw(st.sampled_from([None, None, other])),
                actif=draw(st.booleans() | st.just(True)),
            )
        )
    return result


def rank(population: list[Interne]):
    return preclassement(population, PERIMETRE, SEMESTRE, ClassementConfig())


@settings(max_examples=150, deadline=None)
@given(internes())
def test_the_order_is_a_total_preorder_with_competition_ranks(population):
    lignes = rank(population).lignes
    criteria = [ligne.criteria for ligne in lignes]
    assert criteria == sorted(criteria)
    for ligne in lignes:
        first = next(p for p, c in enumerate(criteria, start=1) if c == ligne.criteria)
        assert ligne.rang == first
    assert len({ligne.key for ligne in lignes}) == len(lignes)


@settings(max_examples=150, deadline=None)
@given(internes())
def test_ties_only_where_all_four_criteria_are_equal(population):
    lignes = rank(population).lignes
    for a in lignes:
        for b in lignes:
            assert (a.rang == b.rang) == (a.criteria == b.criteria)
            if a is not b:
                assert (a.groupe is not None and a.groupe == b.groupe) == (a.criteria == b.criteria)


@settings(max_examples=100, deadline=None)
@given(internes(), st.randoms(use_true_random=False))
def test_ranking_is_stable_under_shuffling_the_input_rows(population, random):
    shuffled = list(population)
    random.shuffle(shuffled)
    expected = [
        (ligne.key, ligne.rang, ligne.groupe, ligne.calcul) for ligne in rank(population).lignes
    ]
    assert [
        (ligne.key, ligne.rang, ligne.groupe, ligne.calcul) for ligne in rank(shuffled).lignes
    ] == expected


def final_order(population: list[Interne], random) -> Ordre:
    ordre = Ordre.from_preclassement(rank(population))
    for group in ordre.groupes:
        members = sorted(group.membres)
        random.shuffle(members)
        ordre, _ = ordonner_groupe(ordre, group.numero, members, "g", AT)
    if not ordre.levee_validee:
        ordre, _ = valider_levee(ordre, "g", AT)
    return ordre


@settings(max_examples=100, deadline=None)
@given(internes(), st.randoms(use_true_random=False))
def test_after_the_levee_every_row_has_a_unique_rang_d_appel(population, random):
    ordre = final_order(population, random)
    assert [rang for _, rang in ordre.rangs()] == list(range(1, len(ordre.keys) + 1))
    assert sorted(ordre.keys) == sorted(ligne.key for ligne in rank(population).lignes)


@settings(max_examples=100, deadline=None)
@given(internes(), st.randoms(use_true_random=False), st.data())
def test_a_swap_is_its_own_inverse(population, random, data):
    ordre = final_order(population, random)
    if len(ordre.keys) < 2:
        return
    position = data.draw(st.integers(min_value=1, max_value=len(ordre.keys) - 1))
    once, first = echanger(ordre, position, "g", AT)
    twice, second = echanger(once, position, "g", AT)
    assert once != ordre and twice == ordre
    assert (first.avant, first.apres) == (second.apres, second.avant)
