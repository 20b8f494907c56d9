"""The next step a refusal names, as the command to type (the bot shows a button instead)."""

from ranking.errors import Etape, Suite

_MOTIFS = "remords|annulation|reactivation|historisation|restauration"
COMMANDES = {
    Etape.PRECLASSEMENT: 'amphi preclassement --liste "{liste}"',
    Etape.PRECLASSEMENT_ABANDON: (
        'amphi preclassement --liste "{liste}" --abandonner-deplacements'
    ),
    Etape.EXAEQUO: 'amphi exaequo --liste "{liste}"',
    Etape.VALIDER_LEVEE: 'amphi exaequo valider --liste "{liste}"',
    Etape.FINAL: 'amphi final --liste "{liste}"',
    Etape.VALIDER_FINAL: 'amphi final valider --liste "{liste}"',
    Etape.ROUVRIR: f'amphi rouvrir --liste "{{liste}}" --motif {_MOTIFS}',
    Etape.OUVRIR: 'amphi appel ouvrir --liste "{liste}"',
    Etape.APPEL: 'amphi appel --liste "{liste}"',
    Etape.AFFECTER_OFFICE: 'amphi appel office ID POSTE --liste "{liste}"',
    Etape.CLORE: 'amphi appel clore --liste "{liste}"',
}


def commande(suite: Suite) -> str:
    return COMMANDES[suite.etape].format(liste=suite.liste or "LISTE")
