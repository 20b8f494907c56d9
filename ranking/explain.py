"""Why an interne has his rank: the French text shown to him, criterion by criterion."""

from fractions import Fraction

from ranking.classement import Ligne, PreClassement, RowKey, Statut, cng_rank, retard
from ranking.config import Methode
from ranking.errors import Refused
from ranking.ordre import Ordre, key_label
from ranking.text import format_decimal, format_number


def rang_calcule_text(ligne: Ligne, methode: Methode) -> str:
    """The rang calculé as displayed: 2 decimals (4 for the pourcentage method, a ratio below 1)."""
    places = 4 if methode is Methode.POURCENTAGE else 2
    return format_decimal(Fraction(ligne.calcul.rang_calcule), places)


def expliquer(pre: PreClassement, key: RowKey, ordre: Ordre | None = None) -> str:
    ligne = next((ligne for ligne in pre.lignes if ligne.key == key), None)
    if ligne is None:
        raise Refused(f"{key_label(key)} ne figure pas dans ce pré-classement")
    interne = ligne.interne
    total = len(pre.lignes)
    who = f"{interne.nom} {interne.prenom} ({interne.id})"
    lines = [
        f"{who} — {pre.perimetre.label}, {pre.semestre.label}",
        *_rank_lines(pre, ligne, ordre, total),
        "",
        "Pourquoi ce rang, critère par critère (dans cet ordre) :",
        *_criteria_lines(pre, ligne),
        *_rang_calcule_lines(pre, ligne),
    ]
    return "\n".join(lines)


def _rank_lines(pre: PreClassement, ligne: Ligne, ordre: Ordre | None, total: int) -> list[str]:
    if ordre is not None and ordre.untreated_group_of(ligne.key) is None:
        position = ordre.position(ligne.key)
        return [
            f"Rang d'appel : {position} sur {total} ({_internes(position - 1)} avant vous).",
            f"Rang de pré-classement : {ligne.rang}.",
        ]
    before = _internes(ligne.rang - 1)
    lines = [f"Rang de pré-classement : {ligne.rang} sur {total} ({before} avant vous)."]
    if ligne.groupe is not None:
        others = sum(1 for other in pre.lignes if other.groupe == ligne.groupe) - 1
        lines.append(
            f"Ex-aequo avec {_internes(others)} (groupe n°{ligne.groupe}) : le gestionnaire fixera "
            "l'ordre entre vous lors de la levée des ex-aequo."
        )
    return lines


def _criteria_lines(pre: PreClassement, ligne: Ligne) -> list[str]:
    interne = ligne.interne
    ahead = _ahead_by_criterion(pre, ligne)
    theoriques = pre.semestre.semestres_theoriques(interne.promotion)
    seniority = (
        f"1. Ancienneté : {_semestres(interne.semestres_valides, 'validé')} "
        f"({theoriques} pour la promotion {interne.promotion} sans retard)."
    )
    if interne.concours.national:
        concours = f"2. Concours : {interne.concours.label}, avant le concours étranger."
    else:
        concours = "2. Concours : étranger, après les concours nationaux à ancienneté égale."
    if ligne.statut is Statut.STANDARD:
        stage = "3. Stage : dans votre discipline (standard)"
        if ligne.sortant:
            stage += (
                " ; vous êtes sortant : vous choisirez dans la liste de votre stage hors discipline"
            )
        stage += "."
    else:
        stage = (
            f"3. Stage : hors discipline (entrant, venu de {interne.discipline}) ; à égalité, "
            "après les internes standard."
        )
    return [
        seniority,
        _ahead(
            ahead[0],
            "Personne n'a plus d'ancienneté que vous.",
            "a plus d'ancienneté que vous",
            "ont plus d'ancienneté que vous",
        ),
        concours,
        _ahead(
            ahead[1],
            "Personne ne passe avant vous par le concours.",
            "de même ancienneté passe avant vous par le concours",
            "de même ancienneté passent avant vous par le concours",
        ),
        stage,
        _ahead(
            ahead[2],
            "Personne ne passe avant vous par le type de stage.",
            "passe avant vous par le type de stage (standard avant hors discipline)",
            "passent avant vous par le type de stage (standard avant hors discipline)",
        ),
        f"4. Rang calculé : {rang_calcule_text(ligne, pre.methode)} (le plus petit passe d'abord).",
        _ahead(
            ahead[3],
            "Parmi les internes égaux sur les critères 1 à 3, personne n'a un rang calculé "
            "plus petit.",
            "égal sur les critères 1 à 3 a un rang calculé plus petit",
            "égaux sur les critères 1 à 3 ont un rang calculé plus petit",
        ),
    ]


def _rang_calcule_lines(pre: PreClassement, ligne: Ligne) -> list[str]:
    c = ligne.calcul
    interne = ligne.interne
    promotion = interne.promotion
    source, rank = cng_rank(interne)
    cng = f"{source} {format_number(Fraction(rank))}"
    shown = rang_calcule_text(ligne, pre.methode)
    local = (
        f"   Rang de classement local : {c.rang_local} sur {c.effectif_promotion} dans votre "
        f"promotion {promotion} de la même formation, discipline et circonscription (d'après votre "
        f"{cng})."
    )
    if pre.methode is Methode.POURCENTAGE:
        national = Fraction(rank) / c.rang_calcule
        return [
            local,
            f"   Méthode pourcentage : {cng} / {national} (effectif national de la "
            f"promotion {promotion}) = {shown}.",
        ]
    if c.promotion_theorique == promotion:
        return [local, "   Vous êtes dans votre promotion théorique : rang calculé = rang local."]
    late = (
        f"   {_semestres(retard(pre.semestre, interne))} de retard : promotion théorique "
        f"{c.promotion_theorique}, qui compte {c.effectif_promotion_theorique} interne(s) ici."
    )
    if c.effectif_promotion_theorique:
        formula = (
            f"   Rang calculé = {c.rang_local} / {c.effectif_promotion} × "
            f"{c.effectif_promotion_theorique} = {shown}."
        )
    else:
        formula = (
            f"   Promotion théorique vide : rang calculé = {c.rang_local} / "
            f"{c.effectif_promotion} = {shown}."
        )
    return [local, late, formula]


def _ahead_by_criterion(pre: PreClassement, ligne: Ligne) -> list[int]:
    """How many rows come first because of each criterion (the first one that differs)."""
    mine = ligne.criteria
    counts = [0, 0, 0, 0]
    for other in pre.lignes:
        theirs = other.criteria
        for index, (a, b) in enumerate(zip(theirs, mine, strict=True)):
            if a != b:
                counts[index] += a < b
                break
    return counts


def _internes(count: int) -> str:
    if count == 0:
        return "aucun interne"
    return "1 interne" if count == 1 else f"{count} internes"


def _ahead(count: int, none: str, verb_singular: str, verb_plural: str) -> str:
    """A count of internes passing first, the verb agreeing with it."""
    if count == 0:
        return f"   {none}"
    if count == 1:
        return f"   1 interne {verb_singular}."
    return f"   {count} internes {verb_plural}."


def _semestres(count: int, participle: str = "") -> str:
    noun = "semestre" if count <= 1 else "semestres"
    if participle:
        noun += f" {participle}" + ("" if count <= 1 else "s")
    return f"{count} {noun}"
