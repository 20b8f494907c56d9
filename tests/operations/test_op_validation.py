"""Stage validation as one unit of work (règles §7), on a real base: marked non validé, his
ancienneté and his maquette follow, the open order it changes goes stale, journaled under his
name; the reverse restores both; refused cases change nothing; a validations file does the same
all or nothing; the verifier names stages that disagree."""

from bot.operations import imports, validation
from bot.operations import verification as verification_operations
from ranking.errors import DejaFait, Refused
from storage import journal
from tests import db_setup
from tests.operations.conftest import derniere_entree, journal_depuis, refuse_sans_rien_changer


async def _premier(ctx) -> str:
    """The first interne of MG's order, with two stages recorded."""
    async with ctx.db.read() as tx:
        first = await tx.value(
            "SELECT r.interne_id FROM rang r JOIN liste l ON l.id = r.liste_id "
            "WHERE l.nom = 'MG' ORDER BY r.position LIMIT 1"
        )
    data = (
        "interne,semestre,terrain,type,valide\n"
        f"{first},2025-11,CH Abbeville,Urgences,oui\n"
        f"{first},2026-05,Cabinet Corbie,SASPAS,oui\n"
    ).encode()
    await imports.appliquer(ctx, imports.lire("stages", data, "stages.csv", ctx.config))
    return first


async def _etat(ctx, interne, semestre="2026-05"):
    async with ctx.db.read() as tx:
        row = await tx.one(
            "SELECT s.valide, i.semestres_valides, (SELECT perimee IS NOT NULL FROM liste "
            "WHERE nom = 'MG') FROM stage_effectue s JOIN interne i ON i.id = s.interne_id "
            "WHERE s.interne_id = ? AND s.semestre = ?",
            (interne, semestre),
        )
    return tuple(row)


async def test_a_stage_non_valide_takes_a_semester_off_and_its_reverse_gives_it_back(classee):
    ctx = classee
    first = await _premier(ctx)
    before = await _etat(ctx, first)
    assert before[0] == 1 and before[2] == 0
    entree = await derniere_entree(ctx)
    done = await validation.valider_stage(ctx, first, "2026-05", False, "Mme Durand")
    assert done.listes_perimees == ("MG",)
    assert done.phrase.startswith(f"stage de {first} (2026-05, Cabinet Corbie) : non validé ; ")
    assert f"semestres validés {before[1]} → {before[1] - 1} ; ordre périmé : « MG »" in (
        done.phrase
    )
    assert await _etat(ctx, first) == (0, before[1] - 1, 1)
    written = await journal_depuis(ctx, entree)
    assert [line.action for line in written] == ["stage.validation", "classement.perime"]
    assert written[0].detail == done.phrase and written[0].auteur == "Mme Durand"
    async with ctx.db.read() as tx:
        mine = [line.action for line in await journal.lignes(tx, interne=first)]
    assert "stage.validation" in mine
    lines = await validation.parcours(ctx, first)
    assert lines == (
        "2025-11 — CH Abbeville (Urgences) : validé",
        "2026-05 — Cabinet Corbie (SASPAS) : non validé",
    )  # no maquette configured: his stages only

    back = await validation.valider_stage(ctx, first, "2026-05", True, "Mme Durand")
    assert back.phrase.startswith(f"stage de {first} (2026-05, Cabinet Corbie) : validé ; ")
    assert (await _etat(ctx, first))[:2] == before[:2]


async def test_a_validation_refused_changes_nothing(classee, path):
    ctx = classee
    first = await _premier(ctx)
    await refuse_sans_rien_changer(
        path, lambda: validation.valider_stage(ctx, first, "2024-05", False, "x"),
        f"aucun stage de {first} au semestre 2024-05",
    )  # fmt: skip
    await refuse_sans_rien_changer(
        path, lambda: validation.valider_stage(ctx, first, "2026-05", True, "x"),
        "est déjà validé", DejaFait,
    )  # fmt: skip
    before = db_setup.dump(path)
    preview = await validation.apercu(ctx, first, "2026-05", False)
    assert preview.listes_perimees == ("MG",)
    assert db_setup.dump(path) == before  # the preview writes nothing

    await db_setup.open_choice(ctx.db, "MG")
    await refuse_sans_rien_changer(
        path, lambda: validation.valider_stage(ctx, first, "2026-05", False, "x"),
        f"{first} est sur la liste « MG » dont le choix est ouvert", Refused,
    )  # fmt: skip


async def test_a_validations_file_marks_its_stages_all_or_nothing(classee, path):
    ctx = classee
    first = await _premier(ctx)
    count = (await _etat(ctx, first))[1]
    data = f"id,semestre,valide\n{first},2026-05,non\n{first},2025-11,non\n".encode()
    fichier = imports.lire("validations", data, "validations.csv", ctx.config)
    assert imports.deviner(data, "validations.csv") == "validations"
    seen = await imports.apercu(ctx, fichier)
    assert len(seen.changes.modified) == 2 and seen.applicable
    assert [c.liste.nom for c in seen.consequences] == ["MG"]
    await imports.appliquer(ctx, fichier, vu=seen)
    assert await _etat(ctx, first) == (0, count - 2, 1)
    assert await _etat(ctx, first, "2025-11") == (0, count - 2, 1)

    unknown = f"id,semestre,valide\n{first},2026-05,oui\nZZZ,2026-05,non\n".encode()
    fichier = imports.lire("validations", unknown, "validations.csv", ctx.config)
    await refuse_sans_rien_changer(
        path, lambda: imports.appliquer(ctx, fichier),
        "1 stage\\(s\\) inconnu\\(s\\) : ZZZ au semestre 2026-05",
    )  # fmt: skip


async def test_the_verifier_names_stages_that_disagree_with_the_ancienneté(classee):
    ctx = classee
    first = await _premier(ctx)
    found = await verification_operations.constats(ctx)
    stages = [c.texte for c in found if c.sorte == "stages"]
    assert len(stages) == 1 and stages[0].startswith(f"{first} ")
    assert ", 2 stage(s) validé(s) enregistré(s)" in stages[0]
    data = f"interne,semestre,terrain,valide\n{first},2026-11,Cabinet,oui\n".encode()
    fichier = imports.lire("stages", data, "stages.csv", ctx.config)
    await imports.appliquer(ctx, fichier)  # the whole history: now one stage, of this semester
    found = await verification_operations.constats(ctx, "MG")
    assert [c.sorte for c in found if c.texte.startswith(f"{first} ")] == [
        "stages", "stage futur",
    ]  # fmt: skip
