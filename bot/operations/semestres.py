"""The next semester built from this one (règles §7), for both faces: what it would do (the
preview, its French lines shared by the command line and the bot), then all of it or nothing.

The closing semester is archived whole beside the base (« amphi-2026-11.sqlite3 », readable
with --semestre 2026-11); the live base, at the same path, becomes the next semester: the
internes carried, their accounts and alert settings kept, what belongs to one semester gone."""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.operations import sauvegarde, verification
from bot.operations.base import Contexte
from ranking import semestres as regles
from ranking.cycle import Etat
from ranking.errors import DejaFait, Perime, Refused
from ranking.model import Semestre
from storage import journal, listes
from storage import semestres as stockage
from storage.database import Transaction


@dataclass(frozen=True)
class Apercu:
    courant: str
    suivant: str
    lignes: tuple[str, ...]
    jeton: int
    """The journal's head seen: the change is refused as « périmé » if it moved since."""


@dataclass(frozen=True, slots=True)
class _Plan:
    semestre: Semestre
    reports: tuple[regles.Report, ...]
    bilan: regles.Bilan
    effaces: list[tuple[str, int]]
    prevenus: int
    carries: tuple[str, ...]
    jeton: int


async def code_courant(ctx: Contexte) -> str:
    """The base's current semester code (one indexed read: the bot's rounds compare it)."""
    async with ctx.db.read() as tx:
        return await stockage.code(tx) or ""


async def apercu(ctx: Contexte) -> Apercu:
    """What building the next semester would do; refused while a list is not closed."""
    async with ctx.db.read() as tx:
        plan = await _plan(tx, ctx)
    return Apercu(plan.semestre.code, plan.semestre.suivant.code, _lignes(plan, ctx), plan.jeton)


async def construire(
    ctx: Contexte,
    jeton: int,
    auteur: str,
    gestionnaires: Iterable[int] = (),
    vers: str | None = None,
) -> Apercu:
    """Build the next semester as previewed at `jeton` (the journal's head then): an automatic
    copy first, then the archive and the carry in one transaction; any failure leaves the
    closing semester as it was and no archive. `gestionnaires`: the Telegram ids the face
    knows as gestionnaires (the configuration's), told with every bound one. `vers`: the
    semester the press names (a button's data), refused as « périmé » if it is not the one
    this base would build; « déjà construit » if it is the base's semester now."""
    async with ctx.db.read() as tx:
        await _deja_construit(tx, vers)
        vu = await _plan(tx, ctx)  # refused before any copy is made
        _verifier_vers(vu, vers)
        await _verifier_jeton(tx, jeton)
    await sauvegarde.automatique(ctx, "avant-semestre-suivant")
    cible: Path | None = None
    commits = ctx.db.commits
    try:
        async with ctx.db.write() as tx:
            await _deja_construit(tx, vu.semestre.suivant.code)  # another process, meanwhile
            plan = await _plan(tx, ctx)
            _verifier_vers(plan, vers)
            await _verifier_jeton(tx, jeton)
            suivant = plan.semestre.suivant
            nom = stockage.nom_archive(ctx.db.path, plan.semestre.code)
            regles.check_archive_libre(
                nom.name, stockage.lire_archive(nom), plan.semestre.code, suivant.code
            )
            cible = nom  # from here on, what is at this name is ours: removed if we fail
            partielle = await asyncio.to_thread(stockage.archiver, ctx.db.path, cible)
            tete, empreinte = await stockage.fermer_archive(
                partielle, suivant.code, f"{regles.libelle(suivant)} construit depuis celui-ci "
                f"({plan.bilan.reportes} interne(s) reporté(s)) ; la suite du journal est dans "
                "la base en cours", auteur,
            )  # fmt: skip
            stockage.poser_archive(partielle, cible)
            bascule = stockage.Bascule(
                suivant.code, plan.semestre.code, regles.libelle(suivant), cible.name, tete,
                empreinte, auteur,
                f"{regles.libelle(suivant)} construit depuis le {plan.semestre.label} : "
                f"{plan.bilan.reportes} interne(s) reporté(s), {plan.bilan.stages} stage(s) "
                f"ajouté(s) ; le {plan.semestre.label} reste lisible dans « {cible.name} » "
                f"(journal jusqu'à la n°{tete})",
                tuple(sorted(set(gestionnaires))),
            )  # fmt: skip
            await stockage.construire(tx, bascule, plan.reports, plan.carries)
            head = await journal.derniere_entree(tx)
    except BaseException:
        if cible is not None and ctx.db.commits == commits:  # a stop during the COMMIT
            stockage.retirer_archive(cible)  # that went through keeps the archive it names
        raise
    ctx.db.memo.clear()  # what the process kept of the old lists never meets the new ones
    lignes = (f"✔ {regles.libelle(plan.semestre.suivant)} construit.", *_lignes(plan, ctx))
    return Apercu(plan.semestre.code, plan.semestre.suivant.code, lignes, head)


async def _deja_construit(tx: Transaction, vers: str | None) -> None:
    """The semester `vers` is the base's already (a second process, another gestionnaire):
    said with who built it, nothing done twice."""
    etat = await stockage.courant(tx)
    if vers is None or etat is None or etat.code != vers:
        return
    par = next((f", par {p[5]}" for p in await stockage.passes(tx) if p[0] == etat.precedent), "")
    raise DejaFait(
        f"le {Semestre.parse(vers).label} ({vers}) est déjà construit depuis le semestre "
        f"{etat.precedent}{par} : rien de plus n'est fait (amphi semestre le montre)"
    )


def _verifier_vers(plan: _Plan, vers: str | None) -> None:
    if vers is not None and vers != plan.semestre.suivant.code:
        raise Perime(
            f"aperçu périmé : le semestre suivant de cette base est le "
            f"{plan.semestre.suivant.code}, pas le {vers} ; voici l'aperçu à jour"
        )


async def _verifier_jeton(tx: Transaction, jeton: int) -> None:
    if await journal.derniere_entree(tx) != jeton:
        raise Perime(
            "aperçu périmé : le semestre a changé depuis (le journal a avancé) ; voici l'aperçu "
            "à jour"
        )


async def _plan(tx: Transaction, ctx: Contexte) -> _Plan:
    etat = await stockage.courant(tx)
    if etat is None:
        raise Refused("la base n'a pas encore de semestre : rien à reporter")
    semestre = Semestre.parse(etat.code)
    ouvertes, closes = await _listes_pas_closes(tx, ctx)
    regles.check_listes_closes(ouvertes, closes, semestre)
    courants = await stockage.courants(tx)
    reports, bilan = regles.reporter(
        semestre, courants, await stockage.places(tx), ctx.config.maquette
    )
    internes, _ = await stockage.lies(tx)
    leaving = {r.id for r in reports if r.fin_internat}
    carries = tuple(courant.id for courant in courants)
    return _Plan(
        semestre, reports, bilan, await stockage.effaces(tx),
        sum(1 for interne in internes if interne not in leaving), carries,
        await journal.derniere_entree(tx),
    )  # fmt: skip


async def _listes_pas_closes(tx: Transaction, ctx: Contexte) -> tuple[list[tuple[str, str]], int]:
    """(nom, état) of the lists not closed that hold someone (ranked, or internes in their
    perimeter), and how many lists are closed."""
    every = await listes.all_listes(tx)
    closes = sum(1 for liste in every if liste.etat is Etat.CHOIX_CLOS)
    left = [liste for liste in every if liste.etat is not Etat.CHOIX_CLOS]
    if left:
        held = await verification.dans_les_perimetres(tx, left, ctx.config.classement.groups)
        peopled = {nom for noms in held.values() for nom in noms}
        left = [
            liste for liste in left
            if liste.nom in peopled or (await listes.compte(tx, liste)).internes
        ]  # fmt: skip
    return [(liste.nom, liste.etat.label) for liste in left], closes


def _n(value: int) -> str:
    """3412 → « 3 412 » (a narrow no-break space, as French prints thousands)."""
    return f"{value:,}".replace(",", "\u202f")


def _lignes(plan: _Plan, ctx: Contexte) -> tuple[str, ...]:
    bilan, semestre = plan.bilan, plan.semestre
    archive = stockage.nom_archive(ctx.db.path, semestre.code).name
    non_valides = (
        f" ({_n(bilan.non_valides)} non validé(s) : surnombres non validants)"
        if bilan.non_valides else ""
    )  # fmt: skip
    effaces = ", ".join(f"{_n(count)} {label}" for label, count in plan.effaces)
    inactifs = (
        f" (dont {_n(bilan.inactifs)} déjà inactif(s) : ni place ni stage)"
        if bilan.inactifs else ""
    )  # fmt: skip
    return (
        f"{regles.libelle(semestre.suivant)}, construit depuis le {semestre.label} :",
        f"{_n(bilan.reportes)} interne(s) reporté(s){inactifs}, {_n(bilan.stages)} stage(s) "
        f"ajouté(s){non_valides}",
        f"{_n(bilan.phase_suivante)} passent à la phase suivante ; {_n(bilan.fin_internat)} en "
        f"fin d'internat (inactifs, sans téléphone ni compte) ; {_n(bilan.sans_place)} sans place "
        "(ancienneté inchangée)",
        f"effacés : {effaces}",
        f"{_n(plan.prevenus)} interne(s) lié(s) prévenu(s) une fois ; le semestre {semestre.code} "
        f"reste lisible dans « {archive} » (--semestre {semestre.code})",
    )


async def decrire_base(ctx: Contexte, annonce: str | None = None) -> list[str]:
    """`amphi semestre`: the base's semester, the one it was built from, the archives; and
    the configuration's `[semestre] code` (`annonce`) when it lags behind the live base."""
    async with ctx.db.read() as tx:
        etat = await stockage.courant(tx)
        passes = await stockage.passes(tx)
    if etat is None:
        return ["la base n'a pas encore de semestre : un import le créera"]
    semestre = Semestre.parse(etat.code)
    lignes = [f"{regles.libelle(semestre)} ({semestre.code}), {etat.circonscription}"]
    if etat.suivant:
        lignes.append(f"archive : le semestre {etat.suivant} a été construit depuis celui-ci")
    lignes.append(
        f"construit depuis le semestre {etat.precedent}" if etat.precedent
        else "premier semestre de cette base"
    )  # fmt: skip
    folder = Path(ctx.db.path).parent
    for code, archive, tete, _, passe_at, auteur in passes:
        absent = _etat_archive(folder / archive, code)
        lignes.append(
            f"semestre {code} : « {archive} » (journal jusqu'à la n°{tete}, passé le "
            f"{passe_at[:10]} par {auteur}){absent} ; le lire : --semestre {code}"
        )
    if annonce is not None and annonce != etat.code and not etat.suivant:
        lignes.append(
            f'la configuration annonce encore {annonce} : y mettre [semestre] code = "{etat.code}"'
        )
    return lignes


def _etat_archive(fichier: Path, code: str) -> str:
    """What `amphi semestre` adds when the file at an archive's name is not that archive."""
    found = stockage.lire_archive(fichier) if fichier.is_file() else None
    if found is None:
        return " — fichier absent"
    if found[0] != code or not found[1]:
        return " — ce fichier n'est plus l'archive de ce semestre (remplacé ?)"
    return ""
