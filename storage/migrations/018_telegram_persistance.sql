-- amphi schema 18: the bot's conversations in progress and each user's and chat's saisie
-- (PTB's persistence, bot/telegram/persistance.py), so that a restart loses no saisie.
CREATE TABLE telegram_conversation (
    nom TEXT NOT NULL,
    cle TEXT NOT NULL,
    etat TEXT NOT NULL,
    PRIMARY KEY (nom, cle)
);
CREATE TABLE telegram_donnees (
    sorte TEXT NOT NULL CHECK (sorte IN ('utilisateur', 'chat')),
    id INTEGER NOT NULL,
    donnees BLOB NOT NULL,
    PRIMARY KEY (sorte, id)
);
