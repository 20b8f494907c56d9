"""The explanation an interne reads: his rank, and the numbers behind each criterion."""

from ranking.classement import Statut
from ranking.config import ClassementConfig, Methode
from ranking.explain import expliquer
from ranking.ordre import Ordre, ordonner_groupe
from tests.conftest import AT, interne, rank


def test_a_delayed_interne_sees_his_rang_calcule_formula_and_who_is_before_him():
    rows = [interne(f"p23-{i}", promotion=2023, semestres_valides=6, rin=i) for i in (1, 2, 4)]
    rows.append(
        interne("late", nom="Lévêque", prenom="Anaïs", promotion=2023, semestres_valides=4, rin=3)
    )
    rows += [interne(f"p24-{i}", rin=i) for i in range(1, 7)]
    text = expliquer(rank(rows), ("late", Statut.STANDARD))
    assert text.splitlines()[0] == (
        "Lévêque Anaïs (late) — médecine, Amiens, discipline Médecine générale, "
        "semestre d'hiver 2026-2027"
    )
    for expected in [
        "Rang de pré-classement : 8 sur 10 (7 internes avant vous).",
        "1. Ancienneté : 4 semestres validés (6 pour la promotion 2023 sans retard).",
        "   3 internes ont plus d'ancienneté que vous.",
        "4. Rang calculé : 4,50 (le plus petit passe d'abord).",
        "   4 internes égaux sur les critères 1 à 3 ont un rang calculé plus petit.",
        "Rang de classement local : 3 sur 4 dans votre promotion 2023",
        "(d'après votre RIN 3)",
        "   2 semestres de retard : promotion théorique 2024, qui compte 6 interne(s) ici.",
        "   Rang calculé = 3 / 4 × 6 = 4,50.",
    ]:
        assert expected in text


def test_an_ex_aequo_is_told_the_gestionnaire_will_decide_then_sees_his_rang_d_appel():
    pre = rank([interne("1", nom="Abel", rin=5), interne("2", nom="Zola", rin=5)])
    text = expliquer(pre, ("2", Statut.STANDARD))
    assert "Rang de pré-classement : 1 sur 2 (aucun interne avant vous)." in text
    assert "Ex-aequo avec 1 interne (groupe n°1) : le gestionnaire fixera l'ordre" in text
    ordre, _ = ordonner_groupe(
        Ordre.from_preclassement(pre), 1, [("2", Statut.STANDARD), ("1", Statut.STANDARD)], "g", AT
    )
    assert "Rang d'appel : 1 sur 2 (aucun interne avant vous)." in expliquer(
        pre, ("2", Statut.STANDARD), ordre
    )
    assert "Rang d'appel : 2 sur 2 (1 interne avant vous)." in expliquer(
        pre, ("1", Statut.STANDARD), ordre
    )


def test_an_entrant_and_the_pourcentage_method_are_explained():
    rows = [
        interne("1", rin=1),
        interne(
            "2",
            discipline="Psychiatrie",
            des="Psychiatrie",
            rin=4387,
            hors_discipline="Médecine générale",
        ),
    ]
    config = ClassementConfig(methode=Methode.POURCENTAGE, effectifs_nationaux={2024: 7817})
    text = expliquer(rank(rows, config=config), ("2", Statut.HORS_DISCIPLINE))
    assert "3. Stage : hors discipline (entrant, venu de Psychiatrie)" in text
    assert (
        "   1 interne passe avant vous par le type de stage (standard avant hors discipline)."
        in text
    )
    assert (
        "Méthode pourcentage : RIN 4387 / 7817 (effectif national de la promotion 2024) = 0,5612."
        in text
    )
