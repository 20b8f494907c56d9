-- amphi schema 20: a poste added to a list during its call (a postes file imported again with
-- one more line) is numbered in the order of these additions. A button of the call names a
-- poste by its index: those added come after the others, so that an addition shifts no button
-- already drawn (an interne's picker, his « Confirmer ») to another poste.
ALTER TABLE poste ADD COLUMN ajout INTEGER;
