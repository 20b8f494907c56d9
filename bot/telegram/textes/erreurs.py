"""What the error handler says: to the person whose update failed, to the gestionnaires, and in the
log.

In French, in Telegram's HTML (dynamic parts escaped here)."""

ERREUR_INTERNE = "Erreur interne : le gestionnaire est prévenu. Réessayez dans un moment."


ALERTE_GESTIONNAIRE = "⚠ amphi : une erreur interne est survenue ({quoi}). Voir le journal du bot."


REPONSE_REFUSEE_LOG = "Telegram a refusé la réponse à %s (%s) : la personne en est avertie"


BOT_BLOQUE = "Telegram refuse d'écrire à %s (%s) : rien ne lui est répondu"


REPONSE_REFUSEE = (
    "Telegram a refusé d'afficher la réponse. Ce qui est enregistré l'est : appuyez à nouveau "
    "ou retapez la commande pour voir où vous en êtes."
)
