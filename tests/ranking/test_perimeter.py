"""Perimeters (règles 3.1): who is ranked together, standard, entrant, sortant."""

import pytest

from ranking.config import ClassementConfig
from ranking.errors import InvalidInput
from ranking.perimeter import DisciplineGroups
from tests.conftest import interne, order, rank

GROUPS = ClassementConfig(groups=DisciplineGroups({"Médicales": ("Cardiologie", "Pneumologie")}))


def test_pharmacie_biologie_medicale_is_ranked_with_the_other_pharmacie_des():
    rows = [
        interne("1", formation="pharmacie", des="Biologie médicale", discipline=""),
        interne("2", formation="pharmacie", des="Pharmacie hospitalière", discipline=""),
        interne("3", des="Biologie médicale", discipline="Biologie médicale"),
    ]
    assert order(rank(rows, formation="pharmacie", discipline=None)) == ["1", "2"]


def test_odontologie_chirurgie_orale_is_ranked_with_the_other_odontologie_des():
    rows = [
        interne("1", formation="odontologie", des="Chirurgie orale", discipline=""),
        interne("2", formation="odontologie", des="Orthopédie dento-faciale", discipline=""),
        interne("3", des="Chirurgie orale", discipline="Spécialités chirurgicales"),
    ]
    assert order(rank(rows, formation="odontologie", discipline=None)) == ["1", "2"]


def test_medecine_des_decide_the_discipline_of_biologie_and_chirurgie_orale():
    rows = [
        interne("1", des="Biologie médicale", discipline="Spécialités médicales"),
        interne("2", des="Chirurgie orale", discipline="Autre chose"),
        interne("3", des="Urologie", discipline="Spécialités chirurgicales"),
    ]
    assert order(rank(rows, discipline="Biologie médicale")) == ["1"]
    assert order(rank(rows, discipline="Spécialités chirurgicales")) == ["2", "3"]


def test_a_multi_des_discipline_ranks_its_internes_together_whatever_their_des():
    rows = [
        interne("1", des="Urologie", discipline="Spécialités chirurgicales", rin=20),
        interne("2", des="Oto-rhino-laryngologie", discipline="Spécialités chirurgicales", rin=10),
    ]
    pre = rank(rows, discipline="specialites chirurgicales")
    assert order(pre) == ["2", "1"]
    assert [ligne.calcul.rang_local for ligne in pre.lignes] == [1, 2]


def test_a_group_ranks_its_disciplines_together():
    rows = [
        interne("1", discipline="Cardiologie", des="Cardiologie", rin=30),
        interne("2", discipline="Pneumologie", des="Pneumologie", rin=10),
        interne("3", discipline="Psychiatrie", des="Psychiatrie", rin=20),
    ]
    pre = rank(rows, discipline="Médicales", config=GROUPS)
    assert order(pre) == ["2", "1"]
    assert [ligne.calcul.rang_local for ligne in pre.lignes] == [1, 2]


def test_asking_for_a_member_discipline_of_a_group_names_the_group():
    rows = [interne("1", discipline="Cardiologie", des="Cardiologie")]
    with pytest.raises(InvalidInput) as error:
        rank(rows, discipline="cardiologie", config=GROUPS)
    assert "groupe « Médicales »" in error.value.messages()[0]


def test_entrant_and_sortant():
    rows = [
        interne("1", rin=1),
        interne("2", rin=2, hors_discipline="Psychiatrie"),
        interne(
            "3",
            discipline="Psychiatrie",
            des="Psychiatrie",
            rin=3,
            hors_discipline="Médecine générale",
        ),
    ]
    pre = rank(rows)
    assert order(pre) == ["1", "2", "3/HD"]
    statuts = {ligne.key: (ligne.statut.value, ligne.sortant) for ligne in pre.lignes}
    assert statuts[("2", pre.lignes[1].statut)] == ("standard", True)
    assert pre.lignes[2].statut.value == "hors_discipline"
    assert order(rank(rows, discipline="Psychiatrie")) == ["3", "2/HD"]


def test_entrant_keeps_the_rang_calcule_of_his_home_discipline():
    rows = [
        interne("1", rin=1),
        interne("2", rin=2),
        interne(
            "3",
            discipline="Psychiatrie",
            des="Psychiatrie",
            rin=500,
            hors_discipline="Médecine générale",
        ),
    ]
    entrant = rank(rows).lignes[2]
    assert entrant.calcul.rang_local == 1 and entrant.calcul.effectif_promotion == 1


def test_an_interne_twice_when_both_disciplines_are_in_the_group():
    rows = [
        interne(
            "1", discipline="Cardiologie", des="Cardiologie", rin=5, hors_discipline="Pneumologie"
        ),
        interne("2", discipline="Pneumologie", des="Pneumologie", rin=9),
    ]
    pre = rank(rows, discipline="Médicales", config=GROUPS)
    assert order(pre) == ["1", "2", "1/HD"]
    assert not pre.lignes[0].sortant


def test_inactive_internes_are_never_ranked_nor_counted():
    rows = [interne("1", rin=1, actif="non"), interne("2", rin=2), interne("3", rin=3)]
    pre = rank(rows)
    assert order(pre) == ["2", "3"]
    assert [ligne.calcul.rang_local for ligne in pre.lignes] == [1, 2]


def test_other_subdivisions_and_formations_stay_out():
    rows = [
        interne("1"),
        interne("2", circonscription="Lille"),
        interne("3", formation="pharmacie", discipline=""),
    ]
    assert order(rank(rows)) == ["1"]


def test_unknown_subdivision_or_discipline_lists_the_ones_present():
    rows = [interne("1")]
    with pytest.raises(InvalidInput) as error:
        rank(rows, circonscription="Amien")
    assert "circonscriptions présentes : Amiens" in error.value.messages()[0]
    with pytest.raises(InvalidInput) as error:
        rank(rows, discipline="Psychiatrie")
    assert "disciplines présentes : Médecine générale" in error.value.messages()[0]


def test_discipline_is_required_in_medecine_and_refused_in_pharmacie():
    with pytest.raises(InvalidInput, match="obligatoire en médecine"):
        rank([interne("1")], discipline=None)
    with pytest.raises(InvalidInput, match="retirer --discipline"):
        rank(
            [interne("1", formation="pharmacie", discipline="")],
            formation="pharmacie",
            discipline="X",
        )
