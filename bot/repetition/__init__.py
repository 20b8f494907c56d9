"""The rehearsal tools, beside the application: the Bot API emulator (Telegram on this machine),
the demonstration (`make demo`), the chat with the bot from a terminal, the sample internes file
(`amphi exemple`). Nothing of the application imports them but the faces that start them."""
