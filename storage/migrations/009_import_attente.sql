-- amphi schema 9: imports sent from the phone wait here for « Appliquer » or « Annuler ».
-- Ids are never reused (AUTOINCREMENT), so a button names one import for good, across restarts;
-- the file itself is dropped once the import is applied or cancelled.
CREATE TABLE import_attente (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    auteur TEXT NOT NULL,
    source TEXT NOT NULL,
    nature TEXT NOT NULL,
    donnees BLOB,
    apercu TEXT NOT NULL,
    cree_at TEXT NOT NULL,
    etat TEXT NOT NULL DEFAULT 'attente' CHECK (etat IN ('attente', 'applique', 'annule')),
    fini_at TEXT
);
