-- amphi schema 5: a mandataire, given a one-time link by an interne, may edit that interne's
-- procuration and nothing else.
CREATE TABLE mandat (
    code_hash TEXT PRIMARY KEY,
    interne_id TEXT NOT NULL REFERENCES interne (id),
    cree_at TEXT NOT NULL,
    expire_at TEXT NOT NULL,
    utilise_at TEXT,
    utilise_par INTEGER
);

CREATE TABLE mandataire (
    telegram_id INTEGER PRIMARY KEY,
    interne_id TEXT NOT NULL REFERENCES interne (id),
    nom TEXT,
    lie_at TEXT NOT NULL
);
