"""Alerts on choice day: a round plans what the call owes each bound interne (from the database:
the bot's own acts and those of `amphi appel` elsewhere alike) and sends what is not sent yet,
each once. A round runs every second, and at once after an act made in the bot, so the next
internes hear of it within a fraction of a second. Rounds never overlap (one sender: nothing
twice); sends of a round go out three at a time through AIORateLimiter, one per chat per second,
each marked sent as soon as Telegram acknowledged it. A user who blocked the bot is recorded and
skipped. The live board in the configured group is edited as the call moves: at once after a
quiet moment, then at most every three seconds (and once a minute for the estimated times when
the call does not move)."""

import asyncio
import logging
import time

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.operations import alertes, appel
from bot.operations.comptes import Qui
from bot.telegram import arguments, distance, suivi
from bot.telegram.acces import INTERNE, commande
from bot.telegram.contexte import Appli, ContexteBot
from bot.telegram.erreurs import panne
from bot.telegram.reveil import reveiller
from bot.telegram.semestre import suivre_semestre
from bot.telegram.textes import alertes as textes

logger = logging.getLogger("amphi.bot")
INTERVALLE = 1.0
TABLEAU_INTERVALLE = 3.0  # a group accepts about 20 messages a minute: edits are coalesced
RENVOI_INTERVALLE = 60.0
"""A command typed in the board's group is answered there at most once a minute: the group
takes twenty messages a minute, and the board needs them (the answer stays in view)."""
DERIVE_INTERVALLE = 60.0
"""When the call has not moved, the board is edited for its estimated times at most once a
minute: an act after a quiet moment then always finds the board free to show it at once."""
ENVOIS_SIMULTANES = 3
"""Alerts in flight at once, each holding its slot until its mark is committed: a kill resends
at most these (Telegram has no idempotency key). Three keep up with Telegram's 30 messages a
second at a 100 ms round trip."""


class Injoignable:
    """Telegram out of reach (the network, Telegram itself): said once when it starts and once
    when it ends, whatever the number of sends that met it; the call goes on meanwhile (the
    laptop, the base), and what is owed leaves when Telegram answers again."""

    def __init__(self) -> None:
        self.depuis: float | None = None
        self.ce_tour = False
        """A send of this round met it: the round's other sends wait for the next."""

    def echec(self, error: NetworkError) -> None:
        self.ce_tour = True
        if self.depuis is None:
            self.depuis = time.monotonic()
            logger.warning(textes.TELEGRAM_INJOIGNABLE, error)

    def succes(self) -> None:
        if self.depuis is not None:
            logger.info(textes.TELEGRAM_REVENU, time.monotonic() - self.depuis)
            self.depuis = None


class Veilleur:
    """The one sender of alerts and of the board. A call while a round runs asks that round
    to go once more (what it planned may predate the act) instead of starting a second one."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.encore = False
        self.cible: int | None = None
        self.injoignable = Injoignable()
        self.derniers: dict[int, float] = {}
        self.planifiees: set[str] = set()
        self.planifiees_de: dict[int, tuple] = {}
        """Per list, what its alerts were last planned from (see `alertes.planifier`)."""
        self.tableau_at: dict[str, float] = {}
        self.tableau_version: dict[str, int] = {}
        self.tableau_panne: dict[str, str] = {}
        """Per list, the trouble its board is in (said once, until it is shown again)."""
        self.tableau_tache: asyncio.Task | None = None
        self.tableau_encore = False
        self.renvoi_at = float("-inf")
        """When the group was last told where commands are typed."""

    async def tour(self, application: Appli, cible: int | None = None) -> None:
        """`cible`: the updates to see handled first (see `arrivees.FileDesMises`)."""
        self.encore = True
        if cible is not None:
            self.cible = max(self.cible or 0, cible)
        if self.lock.locked():
            return
        async with self.lock:
            while self.encore:
                if self.cible is not None:
                    await application.update_queue.traiter(self.cible)
                    self.cible = None
                self.encore = False
                self.injoignable.ce_tour = False
                # a semester built meanwhile (the phone, the laptop): the bot moves to it first
                ctx = await suivre_semestre(application, application.bot_data.ctx)
                await alertes.expirer_delais(ctx)
                await alertes.planifier(ctx, self.planifiees, self.planifiees_de)
                # the call screens are read and edited while the alerts are on their way
                held, _ = await asyncio.gather(
                    suivi.suivre(application), self._alertes(application)
                )
                self._tableau_bientot(application)
                if held is not None and held < INTERVALLE:
                    application.job_queue.run_once(veiller, held, name="écran d'appel retenu")

    async def _alertes(self, application: Appli) -> None:
        """What is planned and not sent yet, sent (each chat at its pace)."""
        ctx = application.bot_data.ctx
        pending = await alertes.a_envoyer(ctx)
        spaced = alertes.espacer(pending, self.derniers, time.monotonic())
        gate = asyncio.Semaphore(ENVOIS_SIMULTANES)
        await asyncio.gather(*(self._envoyer(application, e, gate) for e in spaced.maintenant))
        if spaced.ensuite is not None and spaced.ensuite < INTERVALLE:
            application.job_queue.run_once(veiller, spaced.ensuite, name="alertes retenues")

    async def _envoyer(self, application, envoi: alertes.Envoi, gate) -> None:
        ctx, data = application.bot_data.ctx, envoi.donnees
        markup = None
        if data["sorte"] == "tour" and data["liste"] in ctx.config.a_distance:
            markup = distance.bouton_tour(data["liste_id"], data.get("appel", 1))
        async with gate:
            if self.injoignable.ce_tour:
                return
            try:
                await application.bot.send_message(
                    envoi.telegram_id, textes.alerte(data), reply_markup=markup
                )
            except Forbidden as error:  # blocked: recorded, said once, the others go on
                logger.warning(textes.ALERTE_NON_REMISE, envoi.cle, error.message)
                await alertes.envoyee(ctx, envoi.cle, "bloqué par l'utilisateur")
                return
            except BadRequest as error:  # this message refused (it would be again): given up
                logger.warning(textes.ALERTE_REFUSEE, envoi.cle, error.message)
                await alertes.envoyee(ctx, envoi.cle, f"refusée par Telegram : {error.message}")
                return
            except NetworkError as error:  # out of reach: all wait for the next round
                self.injoignable.echec(error)
                return
            except TelegramError as error:  # sent again at the next round
                logger.warning(textes.ALERTE_RETENUE, envoi.cle, error)
                return
            self.injoignable.succes()
            self.derniers[envoi.telegram_id] = time.monotonic()
            await alertes.envoyee(ctx, envoi.cle)

    def _tableau_bientot(self, application: Appli) -> None:
        """The board edited beside the rounds, one edit at a time: the group takes twenty
        messages a minute (the board's and the answers to commands typed there), and a board
        waiting for its turn must not hold the next round's alerts back with it."""
        self.tableau_encore = True
        if self.tableau_tache is None or self.tableau_tache.done():
            self.tableau_tache = application.create_task(self._tableaux(application))

    async def _tableaux(self, application: Appli) -> None:
        while self.tableau_encore:
            self.tableau_encore = False
            await self._tableau(application)

    async def _tableau(self, application: Appli) -> None:
        """One message per list being called, edited when what it shows changed."""
        config = application.bot_data.telegram
        if config.tableau is None:
            return
        ctx = application.bot_data.ctx
        for shown in await alertes.au_tableau(ctx, config.tableau):
            nom, version = shown.nom, shown.version
            since = time.monotonic() - self.tableau_at.get(nom, float("-inf"))
            moved = self.tableau_version.get(nom) != version
            if since < (TABLEAU_INTERVALLE if moved else DERIVE_INTERVALLE):
                if moved:  # shown as soon as the group may take it, not at the next tick
                    wait = TABLEAU_INTERVALLE - since
                    application.job_queue.run_once(veiller, wait, name="tableau retenu")
                continue
            text = textes.tableau(await appel.etat(ctx, nom))  # read only when an edit is due
            if shown.ancien == text:
                self.tableau_version[nom] = version
                continue
            if self.injoignable.ce_tour:
                return
            try:
                message_id = await _afficher(application, config.tableau, shown.message_id, text)
            except TelegramError as error:  # said once per episode, tried again at its pace
                if panne(error):
                    self.injoignable.echec(error)
                    return
                self.tableau_at[nom] = time.monotonic()
                if self.tableau_panne.get(nom) != str(error):
                    self.tableau_panne[nom] = str(error)
                    logger.warning(textes.TABLEAU_EN_PANNE, nom, error)
                continue
            if self.tableau_panne.pop(nom, None) is not None:
                logger.info("tableau de « %s » de nouveau à jour", nom)
            if shown.message_id is not None and message_id != shown.message_id:
                logger.warning("tableau : message %s supprimé du groupe, publié à nouveau",
                               shown.message_id)  # fmt: skip
            self.tableau_at[nom], self.tableau_version[nom] = time.monotonic(), version
            await alertes.afficher(ctx, shown.liste_id, config.tableau, message_id, text)


async def _afficher(application: Appli, chat_id: int, message_id: int | None, text: str):
    """The board's message edited; posted anew when there is none, or when it was deleted (an
    administrator's cleaning of the group must not leave the room without its board)."""
    if message_id is not None:
        try:
            await application.bot.edit_message_text(text, chat_id, message_id)
            return message_id
        except BadRequest as error:
            if "not modified" in error.message:  # it shows that already (edited before a kill)
                return message_id
            if "not found" not in error.message:
                raise
    sent = await application.bot.send_message(chat_id, text)
    return sent.message_id


async def dans_le_groupe(update: Update, context: ContexteBot) -> None:
    """A command typed in the board's group: where to type it instead (at most once a minute,
    see RENVOI_INTERVALLE)."""
    veilleur = context.bot_data.veilleur
    if time.monotonic() - veilleur.renvoi_at < RENVOI_INTERVALLE:
        return
    veilleur.renvoi_at = time.monotonic()
    await update.effective_message.reply_text(
        textes.COMMANDE_EN_PRIVE.format(bot=context.bot.username)
    )


async def veiller(context: ContexteBot) -> None:
    """Every second (job queue): a round, as a task, so a long one (a crowd told at Telegram's
    pace) never makes the scheduler skip its ticks; the round running goes once more instead."""
    reveiller(context, apres_les_recues=False)


@commande(INTERNE)
async def reglage(update: Update, context: ContexteBot, who: Qui) -> None:
    """/alertes shows the distances; /alertes 10 3 sets them."""
    ctx = context.ctx
    if not context.args:
        current = await alertes.reglage(ctx, who.interne_id)
        await update.message.reply_text(textes.reglage_alertes(current))
        return
    typed = arguments.nombre(context.args, textes.USAGE_ALERTES, 1, 3)
    distances = [arguments.entier(arg, textes.USAGE_ALERTES, 999) for arg in typed]
    chosen = await alertes.regler(ctx, who.interne_id, distances)
    await update.message.reply_text(textes.reglage_alertes(chosen))
