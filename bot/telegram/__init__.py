"""The Telegram face of amphi: `application.py` builds the PTB Application and registers every
handler in order; one module per feature (`comptes`: binding and roles, `interne`: what an
interne reads); `clavier.py` packs and parses callback data; `contexte.py` types the bot's state
(bot_data, chat_data, the context a handler receives); `textes/` holds the French, one module
per feature."""
