"""The ranking of a list, for both faces: its state, the pré-classement, the levée des
ex-aequo, the classement final, re-opening, and why an interne has his rank."""

from dataclasses import dataclass

from bot.operations.base import Contexte
from ranking import ordre as ordre_regles
from ranking.classement import PreClassement, RowKey
from ranking.config import ClassementConfig
from ranking.cycle import Etat, Motif
from ranking.errors import Etape, Refused, Suite
from ranking.explain import expliquer as explanation
from ranking.horloge import now, paris
from ranking.model import Semestre
from ranking.ordre import key_label
from ranking.perimeter import Perimetre
from storage import classement, journal, listes
from storage.listes import Compte, Liste

Run, Vue = classement.Run, classement.Vue
"""What a pré-classement did, and a stored order as shown: the faces name them from here."""


@dataclass(frozen=True, slots=True)
class Situation:
    """Every list of the semester with what it holds, and the stored lists the configuration
    no longer names."""

    semestre: Semestre
    circonscription: str
    listes: tuple[tuple[Liste, Compte], ...]
    versions: tuple[int, ...] = ()
    """Each list's version (its last journal entry), in the same order."""

    @property
    def avec_versions(self) -> list[tuple[Liste, Compte, int]]:
        pairs = zip(self.listes, self.versions, strict=True)
        return [(liste, compte, version) for (liste, compte), version in pairs]

    def avertissements(self, liste: Liste, compte: Compte) -> list[str]:
        """What a gestionnaire must see about a list before its call."""
        said = []
        if liste.perimee is not None:
            said.append(f"{liste.perimee.phrase()} ; relancer le pré-classement")
        if compte.postes and compte.places < compte.a_appeler:
            said.append(
                f"{compte.places} place(s) pour {compte.a_appeler} interne(s) à appeler : "
                f"{compte.a_appeler - compte.places} n'auront pas de poste"
            )
        return said


async def situation(ctx: Contexte) -> Situation:
    async with ctx.db.read() as tx:
        semestre, circonscription = await listes.semestre(tx)
        found = await listes.all_listes(tx)
        rows = [(liste, await listes.compte(tx, liste)) for liste in found]
        versions = [await journal.derniere(tx, liste.id) for liste in found]
    return Situation(semestre, circonscription, tuple(rows), tuple(versions))


async def liste(ctx: Contexte, nom: str) -> Liste:
    async with ctx.db.read() as tx:
        return await listes.get(tx, nom)


async def vue(ctx: Contexte, nom: str) -> classement.Vue:
    async with ctx.db.read() as tx:
        return await classement.vue(tx, await listes.get(tx, nom))


async def preclassement(
    ctx: Contexte, nom: str, abandonner: bool = False
) -> tuple[classement.Run, classement.Vue]:
    async with ctx.db.write() as tx:
        found = await listes.get(tx, nom)
        run = await classement.run_preclassement(
            tx, found, ctx.config.classement, ctx.auteur, abandonner
        )
        return run, await classement.vue(tx, await listes.get(tx, nom))


async def ordonner(ctx: Contexte, nom: str, groupe: int, keys: list[RowKey]) -> classement.Vue:
    async with ctx.db.write() as tx:
        await classement.ordonner(tx, await listes.get(tx, nom), groupe, keys, ctx.auteur, now())
        return await classement.vue(tx, await listes.get(tx, nom))


async def valider_levee(ctx: Contexte, nom: str) -> classement.Vue:
    async with ctx.db.write() as tx:
        await classement.valider_exaequo(tx, await listes.get(tx, nom), ctx.auteur, now())
        return await classement.vue(tx, await listes.get(tx, nom))


async def deplacer(ctx: Contexte, nom: str, key: RowKey, vers_le_haut: bool) -> classement.Vue:
    async with ctx.db.write() as tx:
        found = await listes.get(tx, nom)
        await classement.deplacer(tx, found, key, vers_le_haut, ctx.auteur, now())
        return await classement.vue(tx, await listes.get(tx, nom))


async def placer(ctx: Contexte, nom: str, key: RowKey, rang: int, motif: str) -> classement.Vue:
    async with ctx.db.write() as tx:
        found = await listes.get(tx, nom)
        await classement.placer_au_rang(tx, found, key, rang, motif, ctx.auteur, now())
        return await classement.vue(tx, await listes.get(tx, nom))


async def valider_final(ctx: Contexte, nom: str) -> classement.Vue:
    async with ctx.db.write() as tx:
        await classement.valider_final(tx, await listes.get(tx, nom), ctx.auteur)
        return await classement.vue(tx, await listes.get(tx, nom))


async def rouvrir(ctx: Contexte, nom: str, motif: Motif, version: int | None = None) -> Liste:
    """Ranking open again; the next step is the pré-classement (the refusal of any later
    step says so too). With `version` (a phone's press), only if the list is as the screen
    showed it."""
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom)
        if version is not None:
            await journal.verifier_version(
                tx, liste.id, version, ctx.auteur, ("classement.rouvrir",)
            )
        await classement.rouvrir(tx, liste, motif, ctx.auteur)
        return await listes.get(tx, nom)


async def verifier_rouvrir(ctx: Contexte, liste_id: int) -> None:
    """Refused, with the reason, when the list's ranking cannot be re-opened now."""
    async with ctx.db.read() as tx:
        await classement.rouvrable(tx, await listes.by_id(tx, liste_id))


def stored_preclassement(
    vue: classement.Vue, semestre: Semestre, circ: str, config: ClassementConfig
) -> PreClassement:
    """The stored order as the pré-classement it was computed from (for an explanation)."""
    definition = vue.liste.definition
    group = config.groups.find_group(definition.discipline) if definition.discipline else None
    perimetre = Perimetre(
        definition.formation, circ, group or definition.discipline, is_group=group is not None
    )
    lignes = tuple(ligne for _, ligne in sorted(vue.lignes, key=lambda pair: pair[1].rang))
    return PreClassement(perimetre, semestre, config.methode, lignes)


async def expliquer(ctx: Contexte, nom: str, key: RowKey) -> str:
    """Why this row has its rank in the stored order of the list, criterion by criterion."""
    async with ctx.db.read() as tx:
        found = await listes.get(tx, nom)
        if not found.classee:
            raise Refused(
                f"liste « {found.nom} » : pas encore de pré-classement",
                Suite(Etape.PRECLASSEMENT, found.nom),
            )
        stored = await classement.vue(tx, found)
        semestre, circonscription = await listes.semestre(tx)
        moves = await journal.lignes(
            tx, found.id, interne=key[0], actions=["final.echanger", "final.placer"]
        )
    pre = stored_preclassement(stored, semestre, circonscription, ctx.config.classement)
    if all(ligne.key != key for ligne in pre.lignes):
        raise Refused(f"{key_label(key)} ne figure pas dans le classement de « {found.nom} »")
    text = explanation(pre, key, stored.ordre)
    if moves:
        text += "\n\nChangements du classement final qui vous concernent :\n" + "\n".join(
            f"- {paris(line.at)} ({line.auteur}) : {line.detail}" for line in moves
        )
    if found.perimee is not None:
        text += f"\n\nAttention : {found.perimee.phrase()} ; ce rang peut encore changer."
    return text


def etat_label(liste: Liste) -> str:
    """The state of a list in a few French words: « classement final (validé) »."""
    text = liste.etat.court
    if liste.etat is Etat.FINAL and liste.final_valide:
        text += " (validé)"
    if liste.perimee is not None:
        text += " — périmé"
    return text


@dataclass(frozen=True, slots=True)
class Fiche:
    """A list's ranking as a screen shows it, and the version it is drawn from (its last journal
    entry: a press on it carries that version). `vue` is None before any pré-classement."""

    liste: Liste
    version: int
    vue: classement.Vue | None


@dataclass(frozen=True, slots=True)
class Geste:
    """A press on a ranking screen: `action` one of GESTES; `groupe` a tie group's number,
    `index` a row of the group or of the final order, as the screen showed them."""

    action: str
    groupe: int = 0
    index: int = 0


GESTES = {
    "preclassement": ("preclassement",),
    "groupe.monter": ("exaequo.ordonner",),
    "groupe.descendre": ("exaequo.ordonner",),
    "groupe.valider": ("exaequo.ordonner",),
    "levee": ("exaequo.valider",),
    "final.monter": ("final.echanger",),
    "final.descendre": ("final.echanger",),
    "final.valider": ("final.valider",),
}
"""Each press, and the journal action it writes (a double tap is recognised by it)."""


async def fiche(ctx: Contexte, liste_id: int) -> Fiche:
    async with ctx.db.read() as tx:
        return await _fiche(tx, await listes.by_id(tx, liste_id))


async def _fiche(tx, liste: Liste) -> Fiche:
    vue = await classement.vue(tx, liste) if liste.classee and liste.classement_ouvert else None
    return Fiche(liste, await journal.derniere(tx, liste.id), vue)


async def appuyer(
    ctx: Contexte, liste_id: int, version: int, geste: Geste
) -> tuple[classement.Run | None, Fiche]:
    """One press on a ranking screen of `version`, as one transaction: refused when the list
    changed since the screen was drawn (`Perime`, or `DejaFait` for the presser's own act just
    done); rows named by index are read from the order as it is, which is the one shown. The
    pré-classement's run (for its summary) and the screen after it."""
    if geste.action not in GESTES:
        raise Refused("ce bouton ne correspond à aucune action")
    async with ctx.db.write() as tx:
        liste = await listes.by_id(tx, liste_id)
        await journal.verifier_version(tx, liste.id, version, ctx.auteur, GESTES[geste.action])
        run = await _geste(tx, ctx, liste, geste)
        return run, await _fiche(tx, await listes.by_id(tx, liste_id))


async def _geste(tx, ctx: Contexte, liste: Liste, geste: Geste) -> classement.Run | None:
    action, at = geste.action, now()
    if action == "preclassement":
        return await classement.run_preclassement(tx, liste, ctx.config.classement, ctx.auteur)
    if action == "levee":
        await classement.valider_exaequo(tx, liste, ctx.auteur, at)
    elif action == "final.valider":
        await classement.valider_final(tx, liste, ctx.auteur)
    elif action.startswith("groupe."):
        ordre = await classement.load(tx, liste)
        if action == "groupe.valider":
            keys = ordre_regles.membres(ordre, geste.groupe)
        else:
            up = action == "groupe.monter"
            keys = ordre_regles.avec_voisin(ordre, geste.groupe, geste.index, up)
        await classement.ordonner(tx, liste, geste.groupe, keys, ctx.auteur, at)
    else:
        rows = (await classement.vue(tx, liste)).lignes
        if not 0 <= geste.index < len(rows):
            raise Refused(f"pas de rang {geste.index + 1} dans « {liste.nom} »")
        up = action == "final.monter"
        await classement.deplacer(tx, liste, rows[geste.index][1].key, up, ctx.auteur, at)
    return None


async def a_appeler(ctx: Contexte) -> list[tuple[Liste, int, str]]:
    """The lists that have a call (validated final order, or choice open), each with its
    version and its state in words."""
    async with ctx.db.read() as tx:
        return [
            (liste, await journal.derniere(tx, liste.id), etat_label(liste))
            for liste in await listes.all_listes(tx)
            if liste.appelable
        ]


async def liste_par_id(ctx: Contexte, liste_id: int) -> Liste:
    async with ctx.db.read() as tx:
        return await listes.by_id(tx, liste_id)


async def liste_en_classement(ctx: Contexte, interne_id: str) -> str:
    """The one list where this interne's final order can be changed now (for `/monter ID`)."""
    async with ctx.db.read() as tx:
        found = await listes.en_classement_final(tx, interne_id)
    if not found:
        raise Refused(f"{interne_id} n'est dans aucune liste au stade du classement final")
    if len(found) > 1:
        names = ", ".join(f"« {nom} »" for nom in found)
        raise Refused(f"{interne_id} est dans plusieurs listes ({names}) : passer par /listes")
    return found[0]
