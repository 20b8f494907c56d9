"""`amphi bot` (the Telegram bot, long polling or webhook) and `amphi emulateur` (the Bot API
emulator on 127.0.0.1). Both run until Ctrl-C or SIGTERM; the Telegram stack is imported only
here, when one of them is asked for."""

import argparse
from pathlib import Path

from bot.cli import session
from bot.operations.config import load_config


def add_parsers(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "bot", help="lancer le bot Telegram (jusqu'à Ctrl-C ou SIGTERM)",
        description="Le jeton vient de $AMPHI_TELEGRAM_TOKEN ou de [telegram] token.",
    )  # fmt: skip
    parser.add_argument("--db", help=f"base SQLite (défaut : {session.DEFAULT_DB})")
    parser.add_argument("--config", metavar="FICHIER.toml", help="défaut : config.toml")
    parser.set_defaults(run=run_bot)

    parser = commands.add_parser(
        "emulateur", help="servir l'émulateur de l'API Bot de Telegram sur 127.0.0.1",
        description="Pour les essais sans Telegram : le bot s'y connecte par [telegram] "
        "base_url (http://127.0.0.1:PORT/bot). Avec l'action chat : parler au bot depuis le "
        "terminal.",
    )  # fmt: skip
    parser.add_argument(
        "--port", type=session.entier(0, 65535), default=8081,
        help="port d'écoute sur 127.0.0.1 (défaut : 8081 ; 0 : un port libre)",
    )  # fmt: skip
    parser.add_argument("--jeton", default="123456:EMULATEUR", help="le jeton attendu du bot")
    parser.add_argument("--nom", default="amphi_bot", help="le nom d'utilisateur du bot")
    parser.set_defaults(run=run_emulateur)
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    chat = actions.add_parser(
        "chat", help="parler au bot depuis le terminal, l'émulateur tenant lieu de Telegram",
        description="Le vrai bot, sur une vraie base (une base de répétition : tout ce qui est "
        "fait est enregistré). Les lignes tapées sont des messages ; #N appuie sur le bouton N "
        "du dernier clavier ; :fichier CHEMIN envoie un document ; :contact NUMERO partage un "
        "numéro ; :quitter (ou Ctrl-D) termine. Au début, les identifiants d'internes libres "
        "pour --comme sont affichés.",
    )  # fmt: skip
    chat.add_argument("--comme", default="gestionnaire", metavar="gestionnaire|interne:ID",
                      help="qui parle : le gestionnaire (défaut), ou un interne dont le "
                      "Telegram n'est pas encore lié")  # fmt: skip
    chat.add_argument("--db", help=f"base SQLite (défaut : {session.DEFAULT_DB})")
    chat.add_argument("--config", metavar="FICHIER.toml", help="défaut : config.toml")
    chat.add_argument("--dossier", default="chat", help="où enregistrer les documents reçus")
    chat.set_defaults(run=run_chat)


def run_bot(args: argparse.Namespace) -> str:
    from bot import service

    config_path = args.config or session.DEFAULT_CONFIG
    service.bot(load_config(config_path), config_path, Path(args.db or session.DEFAULT_DB))
    return "bot arrêté.\n"


def run_chat(args: argparse.Namespace) -> str:
    from bot.repetition import chat

    config_path = args.config or session.DEFAULT_CONFIG
    chat.chat(load_config(config_path), Path(args.db or session.DEFAULT_DB), args.comme,
              Path(args.dossier))  # fmt: skip
    return "\nfin de la conversation.\n"


def run_emulateur(args: argparse.Namespace) -> str:
    from bot import service

    service.emulateur(args.port, args.jeton, args.nom)
    return "émulateur arrêté.\n"
