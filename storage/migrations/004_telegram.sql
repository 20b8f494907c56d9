-- amphi schema 4: the Telegram bot's own state.

-- Wrong invitation codes per Telegram account: five in an hour lock its attempts for the hour.
CREATE TABLE tentative_code (
    telegram_id INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX tentative_code_compte ON tentative_code (telegram_id, at);

-- Updates whose writes are done: one redelivered after a crash is not applied twice.
CREATE TABLE update_traite (
    update_id INTEGER PRIMARY KEY,
    at TEXT NOT NULL
);
