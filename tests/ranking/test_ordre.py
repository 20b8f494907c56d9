"""Levée des ex-aequo and classement final (règles 3.5–3.6): pure operations, journaled, refusals."""

from dataclasses import replace

import pytest

from ranking.classement import Statut
from ranking.errors import Refused
from ranking.ordre import (
    Ordre,
    descendre,
    echanger,
    monter,
    ordonner_groupe,
    valider_levee,
)
from tests.conftest import AT, interne, rank

S = Statut.STANDARD


def k(identifier: str) -> tuple[str, Statut]:
    return (identifier, S)


@pytest.fixture
def ordre() -> Ordre:
    """Ranks 1, 2=, 2=, 4, 5=, 5=, 5=: two tie groups."""
    rows = [
        interne("a", nom="Alpha", rin=1),
        interne("b", nom="Bravo", rin=2),
        interne("c", nom="Charlie", rin=2),
        interne("d", nom="Delta", rin=4),
        interne("e", nom="Echo", rin=5),
        interne("f", nom="Foxtrot", rin=5),
        interne("g", nom="Golf", rin=5),
    ]
    return Ordre.from_preclassement(rank(rows))


def ids(ordre: Ordre) -> list[str]:
    return [key[0] for key in ordre.keys]


def test_tie_groups_start_untreated_and_share_their_rank(ordre):
    assert [(g.numero, g.rang, len(g.membres), g.traite) for g in ordre.groupes] == [
        (1, 2, 2, False), (2, 5, 3, False),
    ]  # fmt: skip
    assert [rang for _, rang in ordre.rangs()] == [1, 2, 2, 4, 5, 5, 5]
    assert not ordre.levee_validee


def test_ordering_a_group_gives_unique_ranks_and_a_journal_entry(ordre):
    ordre, entry = ordonner_groupe(ordre, 2, [k("g"), k("e"), k("f")], "gestionnaire.amiens", AT)
    assert ids(ordre) == ["a", "b", "c", "d", "g", "e", "f"]
    assert ordre.groupes[1].traite and not ordre.groupes[0].traite
    assert [rang for _, rang in ordre.rangs()] == [1, 2, 2, 4, 5, 6, 7]
    assert entry.auteur == "gestionnaire.amiens" and entry.horodatage == AT
    assert (entry.action, entry.avant, entry.apres) == (
        "exaequo.ordonner", ("e", "f", "g"), ("g", "e", "f"),
    )  # fmt: skip
    assert "g rang 5, e rang 6, f rang 7" in entry.detail


def test_a_group_can_be_ordered_again_before_the_levee_is_validated(ordre):
    ordre, _ = ordonner_groupe(ordre, 1, [k("c"), k("b")], "x", AT)
    ordre, entry = ordonner_groupe(ordre, 1, [k("b"), k("c")], "x", AT)
    assert ids(ordre)[1:3] == ["b", "c"] and entry.avant == ("c", "b")


def test_the_levee_is_refused_while_a_group_is_left(ordre):
    ordre, _ = ordonner_groupe(ordre, 1, [k("c"), k("b")], "x", AT)
    with pytest.raises(Refused) as refusal:
        valider_levee(ordre, "x", AT)
    assert str(refusal.value) == (
        "groupes d'ex-aequo non traités : n°2 (rang 5, 3 internes) ; ordonner chaque groupe, "
        "puis valider"
    )


def test_the_levee_validated_then_groups_are_closed(ordre):
    ordre, _ = ordonner_groupe(ordre, 1, [k("c"), k("b")], "x", AT)
    ordre, _ = ordonner_groupe(ordre, 2, [k("e"), k("f"), k("g")], "x", AT)
    ordre, entry = valider_levee(ordre, "x", AT)
    assert ordre.levee_validee and entry.action == "exaequo.valider"
    assert [rang for _, rang in ordre.rangs()] == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(Refused, match="déjà validée"):
        ordonner_groupe(ordre, 1, [k("b"), k("c")], "x", AT)


@pytest.mark.parametrize(
    ("given", "fault"),
    [
        (["b"], "manquent c"),
        (["b", "c", "d"], "hors du groupe : d"),
        (["b", "b"], "cités deux fois : b"),
    ],
)
def test_a_group_order_must_name_each_member_once(ordre, given, fault):
    with pytest.raises(Refused, match=fault):
        ordonner_groupe(ordre, 1, [k(i) for i in given], "x", AT)


def test_an_unknown_group_number_lists_the_existing_ones(ordre):
    with pytest.raises(Refused, match=r"pas de groupe d'ex-aequo n°9 \(groupes : 1, 2\)"):
        ordonner_groupe(ordre, 9, [], "x", AT)


def test_a_swap_across_an_untreated_group_is_refused(ordre):
    with pytest.raises(Refused) as refusal:
        descendre(ordre, k("a"), "x", AT)
    assert str(refusal.value) == (
        "b est dans le groupe d'ex-aequo n°1, pas encore traité : ordonner d'abord ce groupe"
    )
    ordre, _ = ordonner_groupe(ordre, 1, [k("b"), k("c")], "x", AT)
    ordre, _ = descendre(ordre, k("a"), "x", AT)
    assert ids(ordre)[:3] == ["b", "a", "c"]


def test_moving_up_and_down_swaps_with_the_neighbour_and_is_journaled(ordre):
    ordre, _ = ordonner_groupe(ordre, 1, [k("b"), k("c")], "x", AT)
    ordre, _ = ordonner_groupe(ordre, 2, [k("e"), k("f"), k("g")], "x", AT)
    ordre, _ = valider_levee(ordre, "x", AT)
    moved, entry = monter(ordre, k("d"), "secretariat", AT)
    assert ids(moved) == ["a", "b", "d", "c", "e", "f", "g"]
    assert (entry.action, entry.avant, entry.apres) == ("final.echanger", ("c", "d"), ("d", "c"))
    assert entry.detail == "c passe du rang 3 au rang 4, d du rang 4 au rang 3"
    back, _ = descendre(moved, k("d"), "secretariat", AT)
    assert back == ordre
    with pytest.raises(Refused, match="déjà au rang 1"):
        monter(ordre, k("a"), "x", AT)
    with pytest.raises(Refused, match="déjà au dernier rang"):
        descendre(ordre, k("g"), "x", AT)
    with pytest.raises(Refused, match="zz ne figure pas"):
        monter(ordre, k("zz"), "x", AT)


def test_nothing_changes_once_choice_has_started(ordre):
    ordre, _ = ordonner_groupe(ordre, 1, [k("b"), k("c")], "x", AT)
    ordre, _ = ordonner_groupe(ordre, 2, [k("e"), k("f"), k("g")], "x", AT)
    ordre, _ = valider_levee(ordre, "x", AT)
    started = replace(ordre, choix_commence=True)
    for attempt in (
        lambda: echanger(started, 1, "x", AT),
        lambda: monter(started, k("d"), "x", AT),
        lambda: ordonner_groupe(started, 1, [k("c"), k("b")], "x", AT),
        lambda: valider_levee(started, "x", AT),
    ):
        with pytest.raises(Refused, match="le choix a commencé pour cette liste"):
            attempt()


def test_without_ties_the_levee_is_already_valid():
    ordre = Ordre.from_preclassement(rank([interne("1", rin=1), interne("2", rin=2)]))
    assert ordre.levee_validee and ordre.groupes == ()
