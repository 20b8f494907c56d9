-- amphi schema 17: when the bot was last seen running (a beat every few seconds), so that after
-- a stop the gestionnaires are told once how long amphi was down and how many alerts left late.
CREATE TABLE service_etat (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    vu_at TEXT NOT NULL
);
