-- amphi schema 15: a token drawn again at every change of a poste (triggers), so that what the
-- maquette reads of a list's postes is kept between acts and read again only once they changed
-- (a choice shows each open poste's verdict). Random, as appel_etat.jeton: a rolled-back token
-- is never seen again.
CREATE TABLE postes_jeton (jeton TEXT NOT NULL);
INSERT INTO postes_jeton VALUES (hex(randomblob(8)));
CREATE TRIGGER postes_jeton_insert AFTER INSERT ON poste
BEGIN UPDATE postes_jeton SET jeton = hex(randomblob(8)); END;
CREATE TRIGGER postes_jeton_update AFTER UPDATE ON poste
BEGIN UPDATE postes_jeton SET jeton = hex(randomblob(8)); END;
CREATE TRIGGER postes_jeton_delete AFTER DELETE ON poste
BEGIN UPDATE postes_jeton SET jeton = hex(randomblob(8)); END;
