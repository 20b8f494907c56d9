"""The refusals storage used to decide, now plain rules of ranking: read and tested without a
base (the same refusals through a real base are in tests/storage and the faces' tests)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from ranking import comptes, journal, ouverture, sauvegarde, voeux
from ranking.appel import Appel, Candidat
from ranking.classement import Statut
from ranking.config import ListeDef
from ranking.cycle import Etat
from ranking.errors import DejaFait, Etape, Perime, Refused
from ranking.model import Formation

S = Statut.STANDARD


@dataclass(frozen=True)
class Liste:
    definition: ListeDef
    etat: Etat

    @property
    def nom(self) -> str:
        return self.definition.nom


def liste(nom: str, ordre: int, etat: Etat, amphi: str | None = None) -> Liste:
    return Liste(ListeDef(nom, Formation.MEDECINE, None, None, ordre, amphi), etat)


def test_a_list_opens_only_when_its_amphi_is_free():
    mg = liste("MG", 2, Etat.FINAL)
    with pytest.raises(Refused, match="« SN1 » \\(appelée avant elle\\) est en cours") as refus:
        ouverture.check_amphi(mg, [liste("SN1", 1, Etat.CHOIX_OUVERT)])
    assert refus.value.suite.etape is Etape.CLORE
    with pytest.raises(Refused, match="appelée avant elle dans l'amphi « medecine », n'est pas"):
        ouverture.check_amphi(mg, [liste("SN1", 1, Etat.FINAL)])
    ouverture.check_amphi(mg, [liste("SN1", 1, Etat.CHOIX_CLOS), liste("PH", 1, Etat.FINAL, "B")])


def test_places_left_go_once_to_a_later_list_of_the_same_amphi():
    sn1, sn2 = liste("SN1", 1, Etat.CHOIX_CLOS), liste("SN2", 2, Etat.FINAL)
    ouverture.check_reoffre(sn1, sn2)
    with pytest.raises(Refused, match="elle est appelée avant « SN2 »"):
        ouverture.check_reoffre(replace_etat(sn2, Etat.CHOIX_CLOS), replace_etat(sn1, Etat.FINAL))
    with pytest.raises(Refused, match="déjà été réoffertes sur « SN2 »"):
        ouverture.check_places_a_reoffrir(sn1, "SN2", {"P1": 1})
    with pytest.raises(Refused, match="aucune place restante"):
        ouverture.check_places_a_reoffrir(sn1, None, {})


def replace_etat(other: Liste, etat: Etat) -> Liste:
    return Liste(other.definition, etat)


def test_a_delay_runs_out_only_for_someone_called():
    with pytest.raises(Refused, match="personne n'est appelé"):
        ouverture.check_delai_ecoule(None, 0)
    with pytest.raises(Refused, match="le délai de 12 n'est pas écoulé \\(reste 30 s\\)"):
        ouverture.check_delai_ecoule(("12", S), 30.2)
    assert ouverture.check_delai_ecoule(("12", S), 0) == ("12", S)


def test_voeux_are_postes_of_a_list_calling_him_once_each():
    with pytest.raises(Refused, match="une procuration compte au moins 3 vœux \\(2 donné"):
        voeux.check_nombre("procuration", ["A", "B"])
    with pytest.raises(Refused, match="un pré-choix compte au moins un vœu"):
        voeux.check_nombre("pré-choix", [])
    with pytest.raises(Refused, match="un même poste figure deux fois \\(A\\)"):
        voeux.check_sans_doublon("procuration", ["A", "B", "A"])
    with pytest.raises(Refused, match="postes inconnus : Z"):
        voeux.check_postes("pré-choix", "12", ["A", "Z"], {1: "MG"}, {"A": 1})
    with pytest.raises(Refused, match="B ne sont pas des postes de la liste « MG », où 12"):
        voeux.check_postes("pré-choix", "12", ["A", "B"], {1: "MG"}, {"A": 1, "B": 2})


def test_a_procuration_is_locked_once_his_turn_came():
    call = Appel.ouvrir([Candidat(("12", S), 1), Candidat(("13", S), 2)], {"A": 2})
    voeux.check_procuration_modifiable("13", None, [("MG", Etat.CHOIX_OUVERT, call)])
    with pytest.raises(Refused, match="son tour est venu sur « MG »"):
        voeux.check_procuration_modifiable("12", None, [("MG", Etat.CHOIX_OUVERT, call)])
    with pytest.raises(Refused, match="il a déjà le poste A, elle ne change plus"):
        voeux.check_procuration_modifiable("12", "A", [])
    with pytest.raises(Refused, match="le choix de « MG » est clos"):
        voeux.check_procuration_modifiable("13", None, [("MG", Etat.CHOIX_CLOS, None)])


def test_a_code_binds_once_before_it_expires_and_five_wrong_ones_lock():
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    later = (now + timedelta(days=1)).isoformat()
    comptes.check_invitation(True, None, later, now)
    with pytest.raises(Refused, match="déjà servi"):
        comptes.check_invitation(True, now.isoformat(), later, now)
    with pytest.raises(Refused, match="expiré"):
        comptes.check_invitation(True, None, now.isoformat(), now)
    tries = [now + timedelta(minutes=n) for n in range(5)]
    assert comptes.verrou(tries[:4]) is None
    assert comptes.verrou(tries) == now + timedelta(hours=1)
    assert comptes.verrouille(tries) and not comptes.verrouille([*tries, now])


def test_a_screen_acts_only_on_the_version_it_shows():
    journal.check_version(7, 7, "alice", ["appel.choisir"], None)
    with pytest.raises(DejaFait, match="déjà fait : 12 prend A"):
        journal.check_version(7, 8, "alice", ["appel.choisir"], ("alice", "appel.choisir",
                                                                  "12 prend A"))  # fmt: skip
    with pytest.raises(Perime):
        journal.check_version(7, 8, "bob", ["appel.choisir"], ("alice", "appel.choisir", "x"))


def test_a_backup_is_restored_only_whole_and_of_a_known_schema():
    sauvegarde.check_sauvegarde("« copie »", "ok", 3, 19, [])
    with pytest.raises(Refused, match="« copie » est abîmée"):
        sauvegarde.check_sauvegarde("« copie »", "page 3 corrupt", 3, 19, [])
    with pytest.raises(Refused, match="n'est pas une base d'amphi"):
        sauvegarde.check_sauvegarde("« copie »", "ok", 0, 19, [])
    with pytest.raises(Refused, match="schéma 20, celle-ci connaît le schéma 19"):
        sauvegarde.check_sauvegarde("« copie »", "ok", 20, 19, [])
    with pytest.raises(Refused, match="\\(et 1 autre\\(s\\)\\)"):
        sauvegarde.check_sauvegarde("« copie »", "ok", 3, 19, [f"t{n}" for n in range(9)])
