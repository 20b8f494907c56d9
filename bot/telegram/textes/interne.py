"""An interne's own commands: his rank and why, the call list, the postes, his mandataires.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.operations.moi import PageListe, RangListe
from bot.telegram.textes.commun import nom_de_poste
from ranking.horloge import paris_hhmm


def rangs(found: list[RangListe]) -> str:
    parts = []
    for r in found:
        title = f"<b>{escape(r.liste)}</b> — {escape(r.etat)}"
        if r.rang is None:
            parts.append(f"{title}\nVous n'êtes pas encore classé sur cette liste.")
            continue
        line = f"Rang d'appel : <b>{r.rang}</b> sur {r.total}"
        line += " (aucun interne avant vous)" if r.rang == 1 else f" ({r.rang - 1} avant vous)"
        notes = []
        if r.perime:
            notes.append("ordre en cours de recalcul : ce rang peut changer")
        elif not r.valide and r.poste is None and r.avant is None:
            notes.append("classement pas encore validé : ce rang peut changer")
        if r.poste is not None:
            notes.append(f"vous avez le poste <b>{escape(r.poste)}</b>")
        elif r.avant is not None:
            when = f", vers {paris_hhmm(r.heure)}" if r.heure else ""
            notes.append(
                "c'est votre tour !" if r.avant == 0
                else f"appel en cours : {r.avant} interne(s) avant vous{when}"
            )  # fmt: skip
        parts.append("\n".join([title, line, *[f"• {note}" for note in notes]]))
    return "\n\n".join(parts)


def pourquoi(found: list[tuple[str, str]], maquette: list[str]) -> list[str]:
    """His rank explained in each list, then what his maquette still allows him."""
    parts = [f"<b>{escape(nom)}</b>\n{escape(text)}" for nom, text in found]
    if maquette:
        lines = "\n".join(f"• {escape(line)}" for line in maquette)
        parts.append(f"<b>Ce que votre maquette vous permet</b>\n{lines}")
    return parts


def page(found: PageListe) -> str:
    lines = [f"<b>Liste d'appel — {escape(found.liste)}</b> (page {found.page + 1}/{found.pages})"]
    for rang, nom, mine in found.lignes:
        line = f"{rang:>4}  {escape(nom)}"
        lines.append(f"<b>▶ {line}</b>" if mine else f"   {line}")
    return "\n".join(lines)


def postes(found) -> str:
    parts = []
    for nom, rows in found:
        lines = [f"<b>{escape(nom)}</b> — {sum(row.places for row in rows)} place(s) restante(s)"]
        lines += [f"{escape(nom_de_poste(row.terrain, row.type))} ({escape(row.id)}) : "
                  f"{row.places}" + (" — ⛔ hors de votre maquette" if row.interdit else "")
                  for row in rows]  # fmt: skip
        parts.append("\n".join(lines))
    return "\n\n".join(parts) or "Aucun poste importé pour vos listes."


def lien_mandataire(code: str, lien: str | None) -> str:
    how = f"ce lien : {escape(lien)}" if lien else f"ce message : /start {escape(code)}"
    return (
        "Transférez à votre mandataire " + how + "\nIl ne sert qu'une fois ; la personne "
        "pourra lire et changer votre procuration, rien d'autre."
    )


def mandataires(found: list[tuple[int, str | None]]) -> str:
    if not found:
        return "Aucun mandataire ne peut changer votre procuration."
    names = ", ".join(escape(nom or f"compte {telegram_id}") for telegram_id, nom in found)
    return f"Vos mandataires (ils peuvent changer votre procuration) : {names}."


def revoque(nom: str | None) -> str:
    return f"✔ {escape(nom or 'Ce mandataire')} ne peut plus changer votre procuration."


QUELLE_LISTE = "Quelle liste ?"


def bouton_revoquer(nom: str | None, telegram_id: int) -> str:
    return f"Révoquer {nom or telegram_id}"[:60]


PAS_VOTRE_LISTE = "cette liste n'est pas la vôtre"
