"""The room's page answers its errors in French, whoever made them: an address that is not the
page's (404), a method it does not take (405), a request that is not HTTP (400, answered by
aiohttp before any route), a fault of ours (500). Each is told to the operator in one French
line, without a traceback; the same malformed request is told once a minute at most (anyone on
the network may send them by the thousand)."""

import logging
import sqlite3
import time
import weakref

from aiohttp import http_exceptions, web, web_protocol

from bot.operations.base import sqlite_reason

logger = logging.getLogger("amphi.web")
EPISODE = 60.0
"""Seconds during which the same kind of malformed request is not told again."""
PAGE_INTROUVABLE = (
    "Page introuvable. Le choix des postes se suit à l'adresse donnée par le gestionnaire."
)
METHODE_REFUSEE = "Méthode {methode} refusée : cette page se lit seulement (GET)."
REQUETE_REFUSEE = "Requête refusée ({statut})."
REQUETE_MAL_FORMEE = "Requête mal formée : refusée. Cette page se lit avec un navigateur."
ERREUR_INTERNE = "Erreur de la page de la salle : réessayer dans un instant."
MAL_FORMEE_AU_JOURNAL = "requête HTTP mal formée reçue ({cause}) : refusée (400), rien n'a changé"
ERREUR_AU_JOURNAL = "page de la salle : erreur en répondant à {chemin} ({cause}) : réponse 500"
CAUSES = (  # the most precise first (BadHttpMethod is a BadStatusLine)
    (http_exceptions.BadHttpMethod, "méthode inconnue"),
    (http_exceptions.LineTooLong, "ligne trop longue"),
    (http_exceptions.InvalidHeader, "en-tête invalide"),
    (http_exceptions.BadStatusLine, "ligne de requête invalide"),
    (http_exceptions.InvalidURLError, "adresse invalide"),
    (http_exceptions.PayloadEncodingError, "corps mal délimité"),
)
_dits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Per server (one page): when each kind of malformed request was last told."""


def raison(error: BaseException) -> str:
    """An error in a few French words, for the log (never a traceback)."""
    if isinstance(error, sqlite3.DatabaseError):
        return f"base : {sqlite_reason(error)}"
    if isinstance(error, OSError):
        return f"système : {error.strerror or type(error).__name__}"
    return f"erreur interne {type(error).__name__}"


def _cause(error: BaseException | None) -> str:
    return next((said for kind, said in CAUSES if isinstance(error, kind)), "requête illisible")


def _texte(status: int, method: str) -> str:
    if status == 404:
        return PAGE_INTROUVABLE
    if status == 405:
        return METHODE_REFUSEE.format(methode=method[:20])
    return REQUETE_REFUSEE.format(statut=status)


@web.middleware
async def en_francais(request: web.Request, handler):
    """The router's refusals (404, 405…) said in French, their headers (Allow) kept."""
    try:
        return await handler(request)
    except web.HTTPException as refused:
        if refused.status < 400:
            raise
        headers = {k: v for k, v in refused.headers.items() if k.lower() == "allow"}
        return web.Response(
            status=refused.status, text=_texte(refused.status, request.method),
            charset="utf-8", headers=headers,
        )  # fmt: skip


class Protocole(web_protocol.RequestHandler):
    """aiohttp's handler of one connection, answering in French what it answers itself: a
    request it cannot read (400) and a fault in a handler (500)."""

    __slots__ = ()

    @classmethod
    def usine(cls, server: web.Server):
        """The protocol factory of `server` (an AppRunner's), making these handlers."""
        return lambda: cls(server, loop=server._loop, **server._kwargs)

    def handle_error(self, request, status=500, exc=None, message=None) -> web.StreamResponse:
        if status == 400:
            cause, dits = _cause(exc), _dits.setdefault(self._manager, {})
            if time.monotonic() - dits.get(cause, float("-inf")) >= EPISODE:
                dits[cause] = time.monotonic()
                logger.warning(MAL_FORMEE_AU_JOURNAL.format(cause=cause))
            text = REQUETE_MAL_FORMEE
        elif status == 500:
            cause = raison(exc) if exc is not None else "sans réponse"
            logger.error(ERREUR_AU_JOURNAL.format(chemin=request.path[:80], cause=cause))
            text = ERREUR_INTERNE
        else:
            text = REQUETE_REFUSEE.format(statut=status)
        if request.writer.output_size > 0:  # already answering: the connection is broken
            raise ConnectionError("réponse déjà commencée")
        response = web.Response(status=status, text=text, charset="utf-8")
        response.force_close()
        return response
