-- amphi schema 16: each journal entry carries the SHA-256 of the previous entry's and of its own
-- content (storage/chaine.py), so that an entry changed, removed or inserted behind amphi's back
-- is found (`amphi journal --verifier`). The entries already there are chained by this
-- migration's Python step (storage/database.py, APRES).
ALTER TABLE journal ADD COLUMN empreinte TEXT;
