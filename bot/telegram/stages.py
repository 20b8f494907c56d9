"""A gestionnaire marks an interne's stage effectué validé or non validé from the phone, on his
card (/interne ID) (règles §7): « Stages effectués… » → the stage → « Marquer non validé » →
« ❓ À confirmer : … » → « Confirmer ». A button names the interne by his row number and carries
the stage's state it was drawn with: a second tap, or a stage changed meanwhile, is answered
and never acts twice. The role is checked on every press."""

from telegram import InlineKeyboardMarkup

from bot.operations import validation
from bot.operations.comptes import Qui
from bot.telegram.acces import GESTIONNAIRE, bouton
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer
from bot.telegram.textes import commun
from bot.telegram.textes import stages as textes
from ranking.errors import DejaFait, Refused
from ranking.stages import StageEffectue

STAGE = Sorte("E", "interne", "semestre", "valide", "op")
"""interne: his row number; semestre: 202611 for 2026-11; valide: the state shown (1/0)."""
LISTE, CARTE, VOIR, DEMANDER, CONFIRMER = range(5)


def _nombre(semestre: str) -> int:
    return int(semestre.replace("-", ""))


def _code(nombre: int) -> str:
    return f"{nombre // 100:04d}-{nombre % 100:02d}"


def _ligne(stage: StageEffectue) -> str:
    return textes.ligne_stage(stage.semestre, stage.terrain, stage.type, stage.valide)


async def partie_carte(ctx, interne_id: str) -> tuple[str, list]:
    """What his card (/interne ID) shows of his stages, and its button."""
    found = await validation.stages(ctx, interne_id)
    rowid = await validation.rowid(ctx, interne_id)
    text = textes.stages_de(interne_id, [_ligne(stage) for stage in found])
    if not found or rowid is None:
        return text, []
    return text, [[STAGE.bouton(textes.BOUTON_STAGES, interne=rowid, op=LISTE)]]


async def _liste(ctx, interne_id: str, rowid: int) -> tuple[str, InlineKeyboardMarkup]:
    found = await validation.stages(ctx, interne_id)
    rows = [
        [STAGE.bouton(
            textes.bouton_stage(stage.semestre, stage.terrain, stage.valide), interne=rowid,
            semestre=_nombre(stage.semestre), valide=stage.valide, op=VOIR,
        )]
        for stage in found
    ]  # fmt: skip
    rows.append([STAGE.bouton(commun.BOUTON_RETOUR, interne=rowid, op=CARTE)])
    text = textes.choisir_stage(interne_id, [_ligne(stage) for stage in found])
    return text, InlineKeyboardMarkup(rows)


async def _stage(ctx, stage: StageEffectue, rowid: int) -> tuple[str, InlineKeyboardMarkup]:
    at = {"interne": rowid, "semestre": _nombre(stage.semestre), "valide": stage.valide}
    marquer = textes.BOUTON_MARQUER_NON_VALIDE if stage.valide else textes.BOUTON_MARQUER_VALIDE
    count = (await validation.parcours_detail(ctx, stage.interne)).semestres_valides
    markup = InlineKeyboardMarkup([
        [STAGE.bouton(marquer, **at, op=DEMANDER)],
        [STAGE.bouton(commun.BOUTON_RETOUR, interne=rowid, op=LISTE)],
    ])  # fmt: skip
    return textes.stage(stage.interne, _ligne(stage), count), markup


@bouton(STAGE, GESTIONNAIRE)
async def bouton_stage(query, context: ContexteBot, who: Qui, data) -> str | None:
    ctx = context.ctx
    interne_id = await validation.interne_par_rowid(ctx, data.interne)
    if interne_id is None:
        raise Refused(textes.INTERNE_INCONNU)
    if data.op == CARTE:
        from bot.telegram.particulier import carte  # the card shows this module's part

        await editer(query, *await carte(ctx, interne_id))
        return None
    if data.op == LISTE:
        await editer(query, *await _liste(ctx, interne_id, data.interne))
        return None
    semestre = _code(data.semestre)
    stage = next((s for s in await validation.stages(ctx, interne_id) if s.semestre == semestre),
                 None)  # fmt: skip
    if stage is None or data.op not in (VOIR, DEMANDER, CONFIRMER):
        await editer(query, *await _liste(ctx, interne_id, data.interne))
        return textes.STAGE_INCONNU
    if stage.valide != bool(data.valide):  # a second tap, or marked meanwhile: not again
        await editer(query, *await _stage(ctx, stage, data.interne))
        return commun.deja_court(
            f"le stage de {interne_id} au semestre {semestre} est déjà {textes.etat(stage.valide)}"
        )
    if data.op == VOIR:
        await editer(query, *await _stage(ctx, stage, data.interne))
        return None
    if data.op == DEMANDER:
        seen = await validation.apercu(ctx, interne_id, semestre, not stage.valide)
        at = {"interne": data.interne, "semestre": data.semestre, "valide": data.valide}
        markup = InlineKeyboardMarkup([
            [STAGE.bouton(commun.BOUTON_CONFIRMER, **at, op=CONFIRMER)],
            [STAGE.bouton(commun.BOUTON_RETOUR, **at, op=VOIR)],
        ])  # fmt: skip
        await editer(query, textes.a_confirmer(seen.phrase), markup)
        return None
    try:
        done = await validation.valider_stage(
            ctx, interne_id, semestre, not stage.valide, ctx.auteur
        )
    except DejaFait as already:  # two presses at once: the other one did it
        return commun.deja_court(already)
    text, markup = await _liste(ctx, interne_id, data.interne)
    await editer(query, f"{commun.acte(done.phrase)}\n\n{text}", markup)
    return None
