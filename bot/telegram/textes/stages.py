"""Texts of the stages effectués: the gestionnaire marks one validé or non validé from the
interne's card (/interne ID); an interne reads his parcours (/moi, /pourquoi)."""

from html import escape

from bot.telegram.textes import commun

TITRE_STAGES = "<b>Stages effectués</b>"
BOUTON_STAGES = "Stages effectués…"
AUCUN_STAGE = "Aucun stage effectué enregistré."
BOUTON_MARQUER_NON_VALIDE = "Marquer non validé"
BOUTON_MARQUER_VALIDE = "Marquer validé"
INTERNE_INCONNU = "Cet interne n'est plus dans la base : relancer /interne ID."
STAGE_INCONNU = "Ce stage n'est plus enregistré : voici ses stages."


def etat(valide: bool) -> str:
    return "validé" if valide else "non validé"


def ligne_stage(semestre: str, terrain: str, kind: str | None, valide: bool) -> str:
    about = f" ({kind})" if kind else ""
    return f"{semestre} — {terrain}{about} : {etat(valide)}"


def bouton_stage(semestre: str, terrain: str, valide: bool) -> str:
    tail = f" · {etat(valide)}"
    name = f"{semestre} {terrain}"
    room = commun.BOUTON_LARGEUR - len(tail)
    return (name if len(name) <= room else name[: room - 1] + "…") + tail


def stages_de(interne: str, lignes: list[str]) -> str:
    """The card's part: his stages by semester."""
    shown = "\n".join(f"• {escape(line)}" for line in lignes) if lignes else AUCUN_STAGE
    return f"{TITRE_STAGES} de {escape(interne)}\n{shown}"


def choisir_stage(interne: str, lignes: list[str]) -> str:
    return stages_de(interne, lignes) + "\n\nToucher un stage pour le marquer."


def stage(interne: str, ligne: str, semestres_valides: int) -> str:
    return (
        f"<b>Stage de {escape(interne)}</b>\n{escape(ligne)}\n"
        f"Semestres validés : {semestres_valides}. Un stage non validé ne compte ni pour "
        "l'ancienneté ni pour la maquette (décision de la commission)."
    )


def a_confirmer(phrase: str) -> str:
    return commun.a_confirmer(phrase)


def parcours(stages: tuple[str, ...], maquette: tuple[str, ...]) -> str:
    """His stages by semester, and what his maquette still asks (one message)."""
    parts = []
    if stages:
        parts.append("<b>Vos stages effectués</b>\n" + "\n".join(f"• {escape(s)}" for s in stages))
    if maquette:
        lines = "\n".join(f"• {escape(line)}" for line in maquette)
        parts.append(f"<b>Ce que votre maquette vous permet</b>\n{lines}")
    return "\n\n".join(parts)
