-- amphi schema 14: a place a gestionnaire gave outside the maquette, with his motif (règles §6).
ALTER TABLE choix ADD COLUMN hors_maquette TEXT;
