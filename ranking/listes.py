"""The semester and its listes d'appel as the configuration declares them: which base, which
list a name means, and what the configuration may no longer change; decided on what storage
read."""

from collections.abc import Sequence

from ranking.config import Config, ListeDef
from ranking.cycle import RANKING_OPEN, Etat
from ranking.errors import Refused
from ranking.model import Semestre
from ranking.text import de_lieu, fold


def check_semestre_declare(config: Config) -> None:
    if config.semestre is None or config.circonscription is None:
        raise Refused(
            "la configuration ne déclare pas de [semestre] (code, circonscription) ni de "
            "[[listes]] : voir config.example.toml"
        )


def check_meme_semestre(
    code: str, circonscription: str, config: Config, passes: Sequence[str] = ()
) -> None:
    """The base (`code`, `circonscription`) is the semester the configuration declares (it
    declares one: `check_semestre_declare`), or one it was built from (`passes`: the
    configuration may lag behind a change of semester, règles §7)."""
    declared = (config.semestre.code if config.semestre else None, config.circonscription or "")
    same_place = fold(circonscription) == fold(declared[1])
    if same_place and declared[0] in passes:
        return
    if same_place and declared[0] == Semestre.parse(code).suivant.code:
        raise Refused(
            f"cette base est celle du semestre {code} {de_lieu(circonscription)} ; la "
            f"configuration annonce {declared[0]}, le semestre suivant : le construire d'abord "
            "depuis celui-ci (amphi semestre suivant)"
        )
    if (code, fold(circonscription)) != (declared[0], fold(declared[1])):
        raise Refused(
            f"cette base est celle du semestre {code} {de_lieu(circonscription)} ; "
            f"la configuration annonce {declared[0]} {de_lieu(declared[1])} : "
            "utiliser une autre base (--db)"
        )


def check_semestre_stocke(stocke: bool) -> None:
    if not stocke:
        raise Refused(
            "base vide : aucun semestre ; la configuration doit déclarer [semestre] "
            "(voir config.example.toml)"
        )


def check_liste_connue(nom: str, trouvee: bool, noms: Sequence[str]) -> None:
    """`noms`: the lists the base holds, named in the refusal."""
    if not trouvee:
        names = ", ".join(f"« {other} »" for other in noms) or "aucune"
        raise Refused(f"liste « {nom} » inconnue (listes : {names})")


def check_liste_existe(trouvee: bool) -> None:
    if not trouvee:
        raise Refused("cette liste n'existe plus")


def check_perimetre_garde(nom: str, etat: Etat, old: ListeDef, avant: str, apres: str) -> None:
    """A list's perimeter (`avant` → `apres`, in words) changes only while its choice has not
    started; the refusal says what to put back in the configuration."""
    if etat in RANKING_OPEN:
        return
    restore = [f'formation = "{old.formation.value}"']
    if old.discipline:
        restore.append(f'discipline = "{old.discipline}"')
    restore.append(f'phase = "{old.phase.value}"' if old.phase else "sans phase")
    raise Refused(
        f"liste « {nom} » : la configuration change son périmètre "
        f"({avant} → {apres}) alors que son choix a commencé "
        f"({etat.label}) ; remettre dans la configuration : {', '.join(restore)} "
        "(un autre périmètre se déclare comme une nouvelle liste)"
    )


def check_renommage(nom: str, memes: Sequence[str], rivales: Sequence[str]) -> None:
    """A new name replaces one stored list only: `memes`, the unnamed stored lists of its
    perimeter; `rivales`, the configuration's lists of that perimeter (one of them must keep
    the stored list's name when there are several)."""
    if len(memes) > 1:
        names = " ou ".join(f"« {other} »" for other in memes)
        raise Refused(
            f"liste « {nom} » : nouveau nom de {names} ? Ces listes de la base ont le "
            "même périmètre ; garder dans la configuration le nom de celle que la nouvelle "
            "remplace"
        )
    if memes and len(rivales) > 1 and not any(fold(r) == fold(memes[0]) for r in rivales):
        names = " ou ".join(f"« {r} »" for r in rivales)
        raise Refused(
            f"liste « {memes[0]} » de la base : renommée en {names} ? Garder son nom "
            "pour l'une d'elles dans la configuration"
        )
