"""The room's page: the day followed live in a browser (the projector, a hospital, an interne
without Telegram), served by the running bot's process."""
