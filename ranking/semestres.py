"""From one semester to the next (règles §7): what each interne carries, pure.

The place an interne took becomes his stage effectué of the closing semester (validé = oui by
presumption; non for a surnombre non validant), his `semestres_valides` grows by one when it
is validated, his phase moves on when its validated stages reach the maquette's length, and
he leaves (fin d'internat) when his validated semesters reach his DES length. No place: nothing
changes. No maquette: the phase is kept and nobody leaves."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ranking.errors import Refused
from ranking.maquette import Maquette, Stage
from ranking.model import Semestre
from ranking.postes import PHASES
from ranking.stages import StageEffectue
from ranking.text import fold


@dataclass(frozen=True, slots=True)
class Place:
    """The place an interne holds at the end of the semester (his choice not cancelled)."""

    interne: str
    poste: str
    terrain: str
    etablissement: str | None
    type: str | None
    surnombre: str | None


@dataclass(frozen=True, slots=True)
class Courant:
    """An interne of the closing semester as stored, with his stages effectués."""

    id: str
    des: str
    phase: str | None
    semestres_valides: int
    actif: bool
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """What changes for one interne: his new values, and the stage added (None: none)."""

    id: str
    semestres_valides: int
    phase: str | None
    actif: bool
    fin_internat: bool
    stage: StageEffectue | None


@dataclass(frozen=True, slots=True)
class Bilan:
    """What the change of semester does, counted (the preview)."""

    reportes: int
    stages: int
    non_valides: int
    phase_suivante: int
    fin_internat: int
    sans_place: int
    inactifs: int = 0
    """Carried inactive as they were (no place, no stage): said, so that the counts add up."""


def phase_apres(
    maquette: Maquette | None, phase: str | None, stages: Iterable[Stage]
) -> str | None:
    """The phase after this semester: the next one of the maquette once the validated stages
    done in `phase` reach its length; the last phase, an unknown one or no maquette: kept."""
    if maquette is None or phase is None:
        return phase
    names = [name for name, _ in maquette.phases]
    if fold(phase) not in names:
        return phase
    index = names.index(fold(phase))
    if index == len(names) - 1:
        return phase
    done = sum(1 for s in stages if s.valide and s.phase and fold(s.phase) == fold(phase))
    following = names[index + 1]
    if done < maquette.phases[index][1] or following not in PHASES:
        return phase
    return following


def fin_internat(maquette: Maquette | None, semestres_valides: int) -> bool:
    """His DES is done: as many validated semesters as its maquette lasts (no maquette: never)."""
    return maquette is not None and semestres_valides >= maquette.semestres


def reporter(
    semestre: Semestre,
    courants: Iterable[Courant],
    places: Mapping[str, Place],
    maquette: Callable[[str], Maquette | None],
) -> tuple[tuple[Report, ...], Bilan]:
    """Each interne of `semestre` (the one closing) carried to the next: the rows that change,
    and the counts."""
    reports, stages, non_valides, phase_suivante, fin, sans_place, total = [], 0, 0, 0, 0, 0, 0
    inactifs = 0
    for courant in courants:
        total += 1
        place = places.get(courant.id)
        if place is None:
            sans_place += courant.actif
            inactifs += not courant.actif
            continue
        valide = place.surnombre != "non_validant"
        stage = StageEffectue(
            f"{courant.id}/{semestre.code}", courant.id, semestre.code, place.terrain,
            place.etablissement, place.type, courant.phase, valide,
        )  # fmt: skip
        kept = tuple(s for s in courant.stages if s.semestre != semestre.code)
        done = (*kept, Stage(semestre.code, place.terrain, place.etablissement, place.type,
                             courant.phase, valide))  # fmt: skip
        rules = maquette(courant.des)
        valides = courant.semestres_valides + valide
        leaves = fin_internat(rules, valides)
        phase = courant.phase if leaves else phase_apres(rules, courant.phase, done)
        stages += 1
        non_valides += not valide
        phase_suivante += phase != courant.phase
        fin += leaves
        reports.append(Report(courant.id, valides, phase, courant.actif and not leaves, leaves,
                              stage))  # fmt: skip
    bilan = Bilan(total, stages, non_valides, phase_suivante, fin, sans_place, inactifs)
    return tuple(reports), bilan


def _noms(noms: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"« {nom} » ({etat})" for nom, etat in noms)


def check_listes_closes(ouvertes: list[tuple[str, str]], closes: int, semestre: Semestre) -> None:
    """The next semester is built once every list holding internes is closed, and from a
    semester whose choice day took place (at least one list closed): a new semester not yet
    called is not « every list closed ». `ouvertes`: (nom, état) of the lists not closed."""
    if closes == 0:
        named = f" : {_noms(ouvertes)}" if ouvertes else ""
        raise Refused(
            f"le {semestre.label} ({semestre.code}) n'a encore clos aucun choix{named} ; le "
            "semestre suivant se construit depuis un semestre dont le jour des choix est passé, "
            "une fois tous les choix clos"
        )
    if ouvertes:
        raise Refused(
            f"liste(s) pas encore close(s) : {_noms(ouvertes)} ; le semestre suivant se "
            "construit une fois tous les choix clos"
        )


def check_archive_libre(nom: str, trouve: tuple[str | None, str | None] | None,
                        code: str, suivant: str) -> None:  # fmt: skip
    """The archive's name is free, or holds a copy left by an interrupted change of this very
    semester (same code, same next one: it is made again). `trouve`: (code, suivant) read in
    the file there, (None, None) if it is not a base of amphi; None: no file."""
    if trouve is None or trouve == (code, suivant):
        return
    raise Refused(
        f"le fichier « {nom} » existe déjà à côté de la base et n'est pas l'archive du semestre "
        f"{code} : le déplacer, puis reconstruire le semestre suivant"
    )


def libelle(semestre: Semestre) -> str:
    """« Semestre d'été 2027 »: the label at the start of a sentence."""
    return semestre.label[:1].upper() + semestre.label[1:]


def fichier_precedent(precedent: str, baisses: list[tuple[str, int, int]]) -> str | None:
    """The warning of an internes file that lowers the semestres validés of internes carried
    from `precedent` (règles §7): most likely last semester's file again. Said with the
    preview, not a refusal (a correction is possible). `baisses`: (id, in base, in the file)."""
    if not baisses:
        return None
    shown = ", ".join(f"{id} : {avant} → {apres}" for id, avant, apres in baisses[:5])
    more = f", … et {len(baisses) - 5} autre(s)" if len(baisses) > 5 else ""
    return (
        f"⚠ fichier du semestre précédent ? {len(baisses)} interne(s) reporté(s) du semestre "
        f"{precedent} y ont moins de semestres validés qu'en base ({shown}{more}) : vérifier "
        "le fichier avant d'appliquer"
    )
