-- amphi schema 12: a poste's établissement and agrément (the DES, or DES:phase, that may take it,
-- separated by « ; »; empty: every DES of its list), read by the maquette (règles §6).
ALTER TABLE poste ADD COLUMN etablissement TEXT;
ALTER TABLE poste ADD COLUMN agrement TEXT;
