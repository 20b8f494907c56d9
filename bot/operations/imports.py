"""Importing the internes, postes or stages effectués file: read and check it whole, show what
would change (and
which stored orders it would make stale), then apply exactly that, all or nothing."""

from dataclasses import astuple, dataclass
from datetime import timedelta

from bot.operations.base import Contexte
from ranking import cells, semestres
from ranking import validation as validation_regles
from ranking.config import Config
from ranking.cycle import RANKING_OPEN
from ranking.diff import Changes, compare
from ranking.errors import DejaFait, InvalidInput, Problem, Refused
from ranking.horloge import now
from ranking.importer import FIELDS, InternesFile, hors_semestre, read_internes
from ranking.postes import Poste, parse_postes
from ranking.stages import StageEffectue, Validation, parse_stages, parse_validations
from ranking.table import read_table
from storage import imports
from storage import validation as validations
from storage.imports import Consequence

NATURES = ("internes", "postes", "stages", "validations")
SHOWN_PER_KIND = 15


@dataclass(frozen=True, slots=True)
class Fichier:
    """A file read and checked whole, not yet compared with the database."""

    nature: str
    source: str
    data: bytes
    contenu: InternesFile | tuple[Poste, ...] | tuple[StageEffectue, ...] | tuple[Validation, ...]


@dataclass(frozen=True, slots=True)
class Apercu:
    """What applying a file changes: records added, changed, made inactive or removed, and the
    stored orders that go stale."""

    fichier: Fichier
    changes: Changes
    consequences: tuple[Consequence, ...] = ()
    refus: tuple[str, ...] = ()
    """Why it would be refused whole: nothing is offered to apply."""
    avertissements: tuple[str, ...] = ()
    """Said with the preview, applied all the same (« fichier du semestre précédent ? »)."""

    @property
    def vide(self) -> bool:
        """Nothing to change and nothing refused (a validations file naming only stages not
        stored changes nothing, and is refused, not « déjà en base »)."""
        return self.changes.empty and not self.refus

    @property
    def applicable(self) -> bool:
        refused = any(c.liste.etat not in RANKING_OPEN for c in self.consequences)
        return not self.refus and not refused


def lire(
    nature: str, data: bytes, source: str, config: Config, *, semestre_de_la_base: bool = False
) -> Fichier:
    """Parse the file; internes must belong to this semester's subdivision (`InvalidInput`
    lists every fault by line and column). `semestre_de_la_base`: the semester is the base's
    own, checked when the file is compared with it (the configuration's code may lag behind
    a change of semester)."""
    if nature == "internes":
        file = read_internes(data, source)
        if not semestre_de_la_base:
            _check_semestre(Fichier(nature, source, data, file), config)
        return Fichier(nature, source, data, file)
    if nature == "stages":
        return Fichier(nature, source, data, parse_stages(data, source))
    if nature == "validations":
        return Fichier(nature, source, data, parse_validations(data, source))
    postes = parse_postes(data, source, [liste.nom for liste in config.listes])
    return Fichier(nature, source, data, postes)


def _check_semestre(fichier: Fichier, config: Config) -> None:
    if config.semestre is not None and config.circonscription is not None:
        problems = hors_semestre(fichier.contenu, config.semestre, config.circonscription)
        if problems:
            raise InvalidInput(fichier.source, problems)


def deviner(data: bytes, source: str) -> str:
    """Whether a file sent without a word is the internes or the postes file, by its header."""
    table = read_table(data, source)
    if table.has("capacite") and table.has("terrain"):
        return "postes"
    if table.has("semestre") and table.has("valide") and not table.has("terrain"):
        return "validations"
    if table.has("semestre") and table.has("valide"):
        return "stages"
    if table.has("promotion") and table.has("semestres_valides"):
        return "internes"
    raise InvalidInput(
        source,
        [
            Problem(
                "ni un fichier d'internes (colonnes promotion, semestres_valides…), ni de postes "
                "(colonnes terrain, capacite…), ni de stages effectués (colonnes semestre, "
                "terrain, valide…), ni de validations de stages (colonnes id, semestre, valide)",
                line=1,
            )
        ],
    )


async def _compare(ctx: Contexte, tx, fichier: Fichier) -> Apercu:
    if fichier.nature == "internes":
        _check_semestre(fichier, ctx.config)  # the base's semester
        changes = await imports.internes_changes(tx, fichier.contenu)
        found = await imports.consequences(tx, changes, ctx.config.classement)
        return Apercu(fichier, changes, tuple(found), avertissements=await _baisses(tx, changes))
    if fichier.nature == "stages":
        changes = await imports.stages_changes(tx, fichier.contenu)
        return Apercu(fichier, changes, refus=tuple(await imports.refus_stages(tx, changes)))
    if fichier.nature == "validations":
        return await _compare_validations(ctx, tx, fichier)
    changes = await imports.postes_changes(tx, fichier.contenu)
    return Apercu(fichier, changes, refus=tuple(await imports.refus_postes(tx, changes)))


async def _baisses(tx, changes: Changes) -> tuple[str, ...]:
    """In a semester built from the previous one, rows lowering semestres validés."""
    precedent = await imports.precedent(tx)
    if precedent is None:
        return ()
    column = FIELDS.index("semestres_valides")
    baisses = [(m.after[0], m.before[column], m.after[column]) for m in changes.modified
               if m.after[column] < m.before[column]]  # fmt: skip
    said = semestres.fichier_precedent(precedent, baisses)
    return (said,) if said else ()


async def apercu(ctx: Contexte, fichier: Fichier) -> Apercu:
    async with ctx.db.read() as tx:
        return await _compare(ctx, tx, fichier)


async def appliquer(ctx: Contexte, fichier: Fichier, vu: Apercu | None = None) -> Apercu:
    """Apply the file in one transaction. With `vu`, what is applied must be what was shown:
    if the database changed meanwhile, nothing is applied."""
    async with ctx.db.write() as tx:
        current = await _compare(ctx, tx, fichier)
        if vu is not None:
            imports.unchanged(vu.changes, current.changes)
        await _appliquer(ctx, tx, current)
        return current


async def _appliquer(ctx: Contexte, tx, apercu: Apercu) -> None:
    fichier = apercu.fichier
    if apercu.vide:
        return
    if apercu.refus:
        raise Refused(f"import refusé en entier, rien n'est appliqué : {'; '.join(apercu.refus)}")
    if fichier.nature == "internes":
        await imports.apply_internes(
            tx, apercu.changes, fichier.source, fichier.data, ctx.auteur, ctx.config.classement
        )
    elif fichier.nature == "stages":
        await imports.apply_stages(tx, apercu.changes, fichier.source, ctx.auteur)
    elif fichier.nature == "validations":
        await _appliquer_validations(ctx, tx, apercu)
    else:
        await imports.apply_postes(tx, apercu.changes, fichier.source, fichier.data, ctx.auteur)


async def _compare_validations(ctx: Contexte, tx, fichier: Fichier) -> Apercu:
    """The stages the file marks otherwise; refused whole for a stage not stored or an interne
    on a list in choix ouvert; the open orders it would change, as for an internes file."""
    changes, unknown = await validations.validations_changes(tx, fichier.contenu)
    refus = [validation_regles.inconnus(unknown)] if unknown else []
    avant = {m.after[1]: await validations.semestres_valides(tx, m.after[1])
             for m in changes.modified}  # fmt: skip
    apres = validation_regles.nouveaux_semestres(
        avant, [(m.after[1], m.after[-1]) for m in changes.modified]
    )
    held = await validations.listes_de(tx, apres)
    refus += validation_regles.refus_choix_ouverts((i, li.nom, li.etat) for i, li in held)
    found = await validations.ecarts(tx, apres, ctx.config.classement)
    consequences = tuple(imports.Consequence(liste, ecart) for liste, ecart in found.values())
    return Apercu(fichier, changes, consequences, tuple(refus))


async def _appliquer_validations(ctx: Contexte, tx, apercu: Apercu) -> None:
    found = {c.liste.id: (c.liste, c.ecart) for c in apercu.consequences}
    for m in apercu.changes.modified:
        stage = StageEffectue(*m.before)
        avant = await validations.semestres_valides(tx, stage.interne)
        valide = bool(m.after[-1])
        apres = validation_regles.semestres_apres(avant, valide)
        vu = validation_regles.StageVu(
            stage.interne, stage.semestre, stage.terrain, stage.type, stage.valide
        )
        said = validation_regles.phrase(vu, valide, avant, apres)
        await validations.marquer(tx, stage, valide, apres, ctx.auteur, said)
    await validations.journal_import(tx, apercu.fichier.source, apercu.changes, ctx.auteur)
    await validations.perimer(tx, found, f"import de {apercu.fichier.source}", ctx.auteur)


ATTENTE_MAX = timedelta(hours=24)
"""A preview left unanswered longer than this is not applied: the file is to be sent again."""


def _empreinte(apercu: Apercu) -> str:
    """What the gestionnaire was shown, whole: applying is refused if it would differ."""
    return imports.empreinte("\n".join(decrire(apercu, None)).encode())


async def mettre_en_attente(ctx: Contexte, apercu: Apercu) -> int:
    """Keep a previewed file until « Appliquer » or « Annuler »: the id is never reused."""
    fichier = apercu.fichier
    async with ctx.db.write() as tx:
        return await imports.mettre_en_attente(
            tx, ctx.auteur, fichier.source, fichier.nature, fichier.data, _empreinte(apercu)
        )


async def _en_attente(tx, attente_id: int) -> imports.Attente:
    found = await imports.attente(tx, attente_id)
    if found is None:
        raise Refused("cet import est inconnu : renvoyer le fichier")
    if found.etat == "applique":
        raise DejaFait(f"l'import de {found.source} est déjà appliqué")
    if found.etat == "annule":
        raise DejaFait(f"l'import de {found.source} est annulé : rien n'est changé")
    if now() - found.cree_at > ATTENTE_MAX:
        raise Refused(f"l'aperçu de {found.source} a plus de 24 heures : renvoyer le fichier")
    return found


async def appliquer_attente(ctx: Contexte, attente_id: int) -> Apercu:
    """Apply a waiting import, exactly as it was previewed, in one transaction; pressed twice,
    it is applied once (`DejaFait`)."""
    async with ctx.db.write() as tx:
        found = await _en_attente(tx, attente_id)
        fichier = lire(found.nature, found.donnees, found.source, ctx.config)
        current = await _compare(ctx, tx, fichier)
        if _empreinte(current) != found.apercu:
            raise Refused(
                "la base a changé depuis l'aperçu (un autre import ?) : rien n'est appliqué ; "
                "renvoyer le fichier pour voir les changements à jour"
            )
        await _appliquer(ctx, tx, current)
        await imports.regler_attente(tx, attente_id, "applique")
        return current


async def annuler_attente(ctx: Contexte, attente_id: int) -> str:
    """Drop a waiting import (its file with it); the name of the file."""
    async with ctx.db.write() as tx:
        found = await _en_attente(tx, attente_id)
        await imports.regler_attente(tx, attente_id, "annule")
        return found.source


def sans_base(fichier: Fichier) -> Apercu:
    """The preview when the database does not exist yet: everything is added."""
    if fichier.nature == "internes":
        return Apercu(fichier, compare(FIELDS, {}, imports.stored_rows(fichier.contenu)))
    if fichier.nature == "validations":  # no stage stored yet: refused whole
        changes = compare(imports.STAGE_COLUMNS, {}, ())
        return Apercu(fichier, changes, refus=("importer d'abord les internes et leurs stages",))
    if fichier.nature == "stages":  # no interne known yet: refused whole
        changes = compare(imports.STAGE_COLUMNS, {}, map(astuple, fichier.contenu))
        return Apercu(fichier, changes, refus=("importer d'abord les internes",))
    return Apercu(fichier, compare(imports.POSTE_COLUMNS, {}, map(astuple, fichier.contenu)))


def decrire(apercu: Apercu, montres: int | None = SHOWN_PER_KIND) -> list[str]:
    """The preview in French: counts, then the first changes of each kind (all with None),
    then the orders the import would make stale or that refuse it."""
    changes = apercu.changes
    internes = apercu.fichier.nature == "internes"
    missing = "désactivation(s)" if internes else "retrait(s)"
    lines = [
        f"Import de {apercu.fichier.source} : {len(changes.added)} ajout(s), "
        f"{len(changes.modified)} modification(s), {len(changes.missing)} {missing}"
    ]
    lines += _shown("+", [nom_affiche(changes.view(r)) for r in changes.added], montres)
    modified = []
    for m in changes.modified:
        before, after = changes.view(m.before), changes.view(m.after)
        fields = ", ".join(f"{c} {_value(before[c], c)} → {_value(after[c], c)}" for c in m.champs)
        modified.append(f"{nom_affiche(after)} : {fields}")
    lines += _shown("~", modified, montres)
    suffix = " : absent du fichier, désactivé" if internes else " : retiré"
    lines += _shown("−", [nom_affiche(changes.view(r)) + suffix for r in changes.missing], montres)
    lines += list(apercu.avertissements)
    lines += [f"⛔ {refusal} : il sera refusé en entier" for refusal in apercu.refus]
    for consequence in apercu.consequences:
        liste = consequence.liste
        if liste.classement_ouvert:
            lines.append(
                f"⚠ liste « {liste.nom} » : son ordre sera périmé ({consequence.ecart.phrase()}) ; "
                "relancer ensuite le pré-classement"
            )
        else:
            lines.append(
                f"⛔ liste « {liste.nom} » : son choix a commencé ({liste.etat.label}) et cet "
                f"import changerait son classement ({consequence.ecart.phrase()}) : il sera "
                "refusé ; rouvrir d'abord le classement de la liste"
            )
    return lines


def _shown(mark: str, items: list[str], montres: int | None) -> list[str]:
    kept = items if montres is None else items[:montres]
    lines = [f"  {mark} {item}" for item in kept]
    if len(items) > len(kept):
        lines.append(f"  {mark} … et {len(items) - len(kept)} autre(s)")
    return lines


def _value(value: object, column: str = "") -> str:
    if value is None or value == "":
        return "(vide)"
    if isinstance(value, bool) or column in ("actif", "valide"):  # stored as 0 or 1
        return "oui" if value else "non"
    return str(getattr(value, "value", value))


def nom_affiche(record: dict[str, object]) -> str:
    """How a record of the preview is named: an interne by id and name, a poste by its place."""
    if "nom" in record:
        return f"{record['id']} {record['nom']} {record['prenom']}"
    if "semestre" in record:
        done = "validé" if record["valide"] else "non validé"
        terrain = cells.shown(str(record["terrain"]), 60)
        return f"{record['interne']} {record['semestre']} {terrain} ({done})"
    return (
        f"{record['id']} {cells.shown(str(record['terrain']), 60)} (liste « {record['liste']} », "
        f"{record['capacite']} place(s))"
    )
