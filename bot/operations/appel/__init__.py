"""Choice day, for both faces: the call's reads (`lecture`: where it stands, the screen a press
is made on, the results), its acts (`actes`: each one transaction through the engine of
`ranking.appel`, the `Acte` named once for the command line, the bot and the journal) and the
remote choice (`distance`: the interne takes his poste from his phone)."""

from bot.operations.appel.actes import (
    Acte,
    Appui,
    agir,
    appuyer,
    expirer,
    ouvrir,
    reoffrir,
    reprendre_delais,
)
from bot.operations.appel.distance import TourADistance, choisir_a_distance, tour_a_distance
from bot.operations.appel.lecture import (
    COLONNES_RESULTATS,
    POSTES_MONTRES,
    SUIVANTS,
    Ecran,
    EtatAppel,
    Personne,
    absents,
    cibles_reoffre,
    delai_restant,
    ecran,
    ecran_suivi,
    etat,
    lignes_resultats,
    postes_ordonnes,
    resultats,
    versions,
)

__all__ = [
    "COLONNES_RESULTATS",
    "POSTES_MONTRES",
    "SUIVANTS",
    "Acte",
    "Appui",
    "Ecran",
    "EtatAppel",
    "Personne",
    "TourADistance",
    "absents",
    "agir",
    "appuyer",
    "choisir_a_distance",
    "cibles_reoffre",
    "delai_restant",
    "ecran",
    "ecran_suivi",
    "etat",
    "expirer",
    "lignes_resultats",
    "ouvrir",
    "postes_ordonnes",
    "reoffrir",
    "reprendre_delais",
    "resultats",
    "tour_a_distance",
    "versions",
]
