-- amphi schema 11: how many times each interne of a call has been called (first call, after an
-- undo, a deferral, an arrival), so that each call is told to him and old buttons stay old.
ALTER TABLE appel_etat ADD COLUMN appels TEXT NOT NULL DEFAULT '[]';
