"""The rehearsal tools, beside the application: the demonstration (`make demo`), the chat with
the bot from a terminal, the sample internes and postes files (`amphi exemple`). The Bot API
emulator they use (Telegram on this machine) has a place of its own, `bot/emulateur/`. Nothing
of the application imports them but the faces that start them."""
