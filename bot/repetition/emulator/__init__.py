"""A Telegram Bot API emulator for offline tests, the demo and rehearsals (see core.py)."""
