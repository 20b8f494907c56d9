"""The alerts owed on choice day, listed without those already planned (each round of the bot
asks for thousands of internes)."""

from ranking.alertes import dues
from ranking.appel import Appel, Candidat, choisir
from ranking.classement import Statut


def test_the_alerts_already_planned_are_left_out_and_the_others_kept():
    call = Appel.ouvrir(
        [Candidat((c, Statut.STANDARD), n) for n, c in enumerate("abcdefghijklmn", 1)], {"P": 20}
    )
    call, _ = choisir(call, ("a", Statut.STANDARD), "P")
    everything = dues(7, call, ["a", "e", "k"], {"e": (3,)})
    planned = {"ouverture:7:a", "ouverture:7:e", "place:7:a:P:choix"}
    left = dues(7, call, ["a", "e", "k"], {"e": (3,)}, connues=planned)
    assert left == [alerte for alerte in everything if alerte.cle not in planned]
    assert {"ouverture:7:k", "approche:7:e:3"} <= {alerte.cle for alerte in left}
