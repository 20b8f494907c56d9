"""What a press on a call screen would do, said before it is confirmed and nothing written:
the engine's own sentence for the act on the call as it stands (refused as the act would be),
the interne it concerns by his name and the poste it takes or gives back."""

from dataclasses import dataclass, replace

from bot.operations.appel.actes import Appui, designes, operation_pressee
from bot.operations.appel.lecture import Ecran, Personne, lire_ecran, personnes
from bot.operations.base import Contexte
from storage import appel, journal, listes, maquette


@dataclass(frozen=True, slots=True)
class Apercu:
    phrase: str
    qui: Personne | None = None
    poste: str | None = None
    rend: bool = False
    """The poste is given back (an undo), not taken."""


async def apercu(ctx: Contexte, liste_id: int, version: int, appui: Appui) -> tuple[Apercu, Ecran]:
    """What the press would do, and the screen it is shown on (the list as the press saw it:
    refused as outdated otherwise)."""
    async with ctx.db.read() as tx:
        liste = await listes.by_id(tx, liste_id)
        await journal.verifier_version(tx, liste.id, version, ctx.auteur)
        current = await appel.charger(tx, liste)
        pure = operation_pressee(current, appui)
        seuls = {k[0] for k in (current.appele(), *current.absents) if k}
        regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes, seuls)
        after, phrase = pure(replace(current, eligibilite=regles))
        taken = [p for p in after.prises if p not in current.prises]
        given = [p for p in current.prises if p not in after.prises]
        moved = (taken or given or [None])[-1]
        key = moved.key if moved else designes(current, appui)[0]
        qui = (await personnes(tx, current, [key]))[key] if key else None
        found = Apercu(phrase, qui, moved.poste if moved else None, bool(given and not taken))
        return found, await lire_ecran(tx, ctx, liste, current, None)
