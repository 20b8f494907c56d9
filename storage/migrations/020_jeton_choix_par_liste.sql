-- amphi schema 20: a choice draws again the token of its own list only. A list's call is built
-- from its own choices (storage.appel._load reads `choix WHERE liste_id = ?`), so a choice in
-- one amphi has no reason to throw away the call another amphi holds in memory: with three
-- amphis at once, every choice reloaded the two other calls (thousands of rows each).
DROP TRIGGER jeton_choix_insert;
DROP TRIGGER jeton_choix_update;

CREATE TRIGGER jeton_choix_insert AFTER INSERT ON choix
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))) WHERE liste_id = NEW.liste_id; END;

CREATE TRIGGER jeton_choix_update AFTER UPDATE ON choix
BEGIN
    UPDATE appel_etat SET jeton = lower(hex(randomblob(8)))
    WHERE liste_id IN (OLD.liste_id, NEW.liste_id);
END;
