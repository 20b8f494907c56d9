"""/mesdonnees after a change of semester (règles §7): the interne reads his stages effectués
by semester — the poste he took in winter, now his stage, validé or not — not a bare count."""

from bot.operations import semestres, validation
from tests import db_setup, hiver
from tests.bot_harness import bot_running

ETE = db_setup.config(hiver.CONFIG.replace('code = "2026-11"', 'code = "2027-05"'))


async def test_mesdonnees_lists_his_stages_by_semester(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ctx = await hiver.hiver(path)
    try:
        await semestres.construire(ctx, (await semestres.apercu(ctx)).jeton, hiver.AUTEUR)
        await validation.valider_stage(ctx, "3", "2026-11", False, hiver.AUTEUR)
    finally:
        await ctx.db.close()
    async with bot_running(ETE, path) as bot:
        for telegram_id, interne, etat in ((10_001, "2", "validé"), (10_002, "3", "non validé")):
            user = bot.emulateur.utilisateur(telegram_id, f"Interne {interne}")
            mine = await bot.dire(user, "/mesdonnees")
            assert f"identifiant : {interne}" in mine.text
            assert "Vos stages effectués (par semestre)" in mine.text
            assert "2026-11 — CHU Amiens — service " in mine.text
            assert f"(CHU) : {etat}\n" in mine.text
            assert "stages effectués importés" not in mine.text, mine.text
