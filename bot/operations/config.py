"""Reading amphi's TOML configuration file (the ranking part is parsed by `ranking.config`,
the bot's `[telegram]` table here, without importing the bot)."""

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass

from bot.operations import systeme
from ranking.config import Config, parse_config
from ranking.errors import InvalidInput, Problem


def read_bytes(path: str, argument: str) -> bytes:
    """A file named on the command line, or a French error saying which argument named it."""
    return systeme.lire(path, argument)


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    data = read_bytes(path, "--config")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            path, [Problem("le fichier de configuration doit être en UTF-8")]
        ) from None
    return parse_config(
        text, path,
        {"telegram": TELEGRAM_KEYS, "sauvegardes": SAUVEGARDES_KEYS, "web": WEB_KEYS},
    )  # fmt: skip


TELEGRAM_KEYS = frozenset({
    "token", "base_url", "base_file_url", "gestionnaires", "nom_du_bot", "webhook_url",
    "webhook_ecoute", "webhook_port", "webhook_secret", "tableau",
})  # fmt: skip
TOKEN_VARIABLE = "AMPHI_TELEGRAM_TOKEN"
SECRET_VARIABLE = "AMPHI_WEBHOOK_SECRET"
_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")
SAUVEGARDES_KEYS = frozenset({"dossier", "garder", "intervalle_minutes"})
WEB_KEYS = frozenset({"ecoute", "port", "secret", "rang_seul", "spectateurs_max", "tour_secondes"})
SPECTATEURS_MAX = 500
"""Viewers of the room's page at once, by default: each holds a connection (a file of the
process), and the bot needs its own for Telegram, the webhook and the backups."""


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    token: str
    base_url: str | None = None
    base_file_url: str | None = None
    gestionnaires: frozenset[int] = frozenset()
    nom_du_bot: str | None = None
    webhook_url: str | None = None
    tableau: int | None = None
    webhook_ecoute: str = "127.0.0.1"
    """Where the webhook listens: behind a reverse proxy on the same machine."""
    webhook_port: int = 8443
    webhook_secret: str | None = None
    """Telegram sends it with every update (X-Telegram-Bot-Api-Secret-Token); a request
    without it is refused, nothing processed."""


def gestionnaires_configures(config: Config) -> tuple[int, ...]:
    """The gestionnaires' Telegram ids the configuration names, read without the rest of the
    [telegram] table (a laptop without the bot's token still knows whom to tell)."""
    raw = config.autres.get("telegram", {}).get("gestionnaires", [])
    return tuple(sorted({v for v in raw if _telegram_id(v)})) if isinstance(raw, list) else ()


def telegram_config(config: Config, source: str = "config.toml") -> TelegramConfig:
    """The [telegram] table, checked; the token from $AMPHI_TELEGRAM_TOKEN first."""
    table = config.autres.get("telegram", {})
    problems = []

    def text(key: str) -> str | None:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(Problem(f"[telegram] {key} : texte non vide attendu"))
            return None
        return value

    token = os.environ.get(TOKEN_VARIABLE) or text("token")
    if not token:
        problems.append(
            Problem(f"[telegram] token : absent (ou variable d'environnement {TOKEN_VARIABLE})")
        )
    elif ":" not in token or not token.split(":", 1)[0].isdigit():
        problems.append(Problem("[telegram] token : pas un jeton de BotFather (« 123456:ABC… »)"))
    urls = {key: text(key) for key in ("base_url", "base_file_url", "webhook_url")}
    for key, url in urls.items():
        if url is not None and not url.startswith(("http://", "https://")):
            problems.append(Problem(f"[telegram] {key} : « {url} » n'est pas une adresse http(s)"))
    raw = table.get("gestionnaires", [])
    if not isinstance(raw, list) or not all(_telegram_id(value) for value in raw):
        problems.append(
            Problem("[telegram] gestionnaires : liste d'identifiants Telegram attendue")
        )
        raw = []
    tableau = table.get("tableau")
    if tableau is not None and not _telegram_id(tableau, negative=True):
        problems.append(Problem("[telegram] tableau : identifiant du groupe ou du canal attendu"))
    webhook = _webhook(table, urls["webhook_url"], text, problems)
    if problems:
        raise InvalidInput(source, problems)
    return TelegramConfig(
        token, urls["base_url"], urls["base_file_url"], frozenset(raw), text("nom_du_bot"),
        urls["webhook_url"], tableau, *webhook,
    )  # fmt: skip


def _webhook(table: dict, url: str | None, text, problems: list) -> tuple[str, int, str | None]:
    """Where the webhook listens, and its secret (from $AMPHI_WEBHOOK_SECRET first)."""
    listen = text("webhook_ecoute") or "127.0.0.1"
    port = table.get("webhook_port", 8443)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        problems.append(Problem("[telegram] webhook_port : port de 1 à 65535 attendu"))
        port = 8443
    secret = os.environ.get(SECRET_VARIABLE) or text("webhook_secret")
    if url is not None and not url.startswith("https://"):
        problems.append(Problem("[telegram] webhook_url : Telegram n'appelle qu'une adresse https"))
    if secret is not None and not _SECRET.fullmatch(secret):
        problems.append(Problem(
            "[telegram] webhook_secret : de 16 à 256 caractères parmi A-Z a-z 0-9 _ -"
        ))  # fmt: skip
    if url is not None and secret is None:
        problems.append(Problem(
            f"[telegram] webhook_secret : obligatoire avec webhook_url (ou {SECRET_VARIABLE}) : "
            "sans lui, n'importe qui pourrait envoyer de fausses mises à jour au bot"
        ))  # fmt: skip
    return listen, port, secret


@dataclass(frozen=True, slots=True)
class WebConfig:
    """The room's page, served by the running bot: where it listens, an optional secret in its
    address (a subdivision that wants it private), and whether the called are shown by their
    rang alone."""

    port: int
    ecoute: str = "127.0.0.1"
    secret: str | None = None
    rang_seul: bool = False
    spectateurs_max: int = SPECTATEURS_MAX
    """Viewers at once; the next are answered « trop de spectateurs » and retry by themselves."""
    tour_secondes: int = 8
    """Seconds a screen of the projector stays before the next one (postes, other lists)."""

    @property
    def chemin(self) -> str:
        """The page's path: « / », or « /<secret>/ »."""
        return f"/{self.secret}/" if self.secret else "/"


def web_config(config: Config, source: str = "config.toml") -> WebConfig | None:
    """The [web] table, checked; None when the configuration has none (no page served)."""
    table = config.autres.get("web")
    if table is None:
        return None
    problems = []
    port = table.get("port")
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        problems.append(Problem("[web] port : port de 1 à 65535 attendu"))
    ecoute = table.get("ecoute", "127.0.0.1")
    if not isinstance(ecoute, str) or not ecoute.strip():
        problems.append(Problem("[web] ecoute : adresse attendue (« 127.0.0.1 », « 0.0.0.0 »)"))
    secret = table.get("secret")
    if secret is not None and (not isinstance(secret, str) or not _SECRET.fullmatch(secret)):
        problems.append(Problem("[web] secret : de 16 à 256 caractères parmi A-Z a-z 0-9 _ -"))
    rang_seul = table.get("rang_seul", False)
    if not isinstance(rang_seul, bool):
        problems.append(Problem("[web] rang_seul : true ou false attendu"))
    viewers = table.get("spectateurs_max", SPECTATEURS_MAX)
    if isinstance(viewers, bool) or not isinstance(viewers, int) or not 1 <= viewers <= 100_000:
        problems.append(Problem("[web] spectateurs_max : nombre entier de 1 à 100000 attendu"))
    tour = table.get("tour_secondes", 8)
    if isinstance(tour, bool) or not isinstance(tour, int) or not 2 <= tour <= 120:
        problems.append(Problem("[web] tour_secondes : nombre entier de 2 à 120 attendu"))
    if problems:
        raise InvalidInput(source, problems)
    return WebConfig(port, ecoute, secret, rang_seul, viewers, tour)


SECRETS = (("telegram", "token"), ("telegram", "webhook_secret"), ("web", "secret"))
CONFIG_LISIBLE = (
    "la configuration {path} contient un secret ({quoi}) et tout utilisateur de la machine "
    "peut la lire : la réserver à root et au groupe amphi (chown root:amphi {path} ; "
    "chmod 640 {path})"
)


def secrets_lisibles(config: Config, path: str) -> str | None:
    """What to tell when the configuration file holds a secret and anyone may read it (None:
    no secret in it, or only its owner and group may read it)."""
    held = [f"[{table}] {key}" for table, key in SECRETS if config.autres.get(table, {}).get(key)]
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if not held or not mode & stat.S_IROTH:
        return None
    return CONFIG_LISIBLE.format(path=path, quoi=", ".join(held))


def _telegram_id(value: object, negative: bool = False) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return 0 < abs(value) < 10**15 and (negative or value > 0)


def all_or_nothing(*steps: Callable[[], object]) -> list[object]:
    """Run independent reads and checks; if any fails, report the faults of all of them at once."""
    results = []
    problems = []
    for step in steps:
        try:
            results.append(step())
        except InvalidInput as error:
            problems.extend(Problem(message) for message in error.messages())
    if problems:
        raise InvalidInput("", problems)
    return results
