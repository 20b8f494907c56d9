-- amphi schema 8: the call's token (appel_etat.jeton) changes with anything a call is built
-- from, not only with its acts: a process reusing the call it holds in memory (the bot) would
-- otherwise miss a procuration changed meanwhile, and apply the old wishes.

CREATE TRIGGER jeton_procuration_insert AFTER INSERT ON procuration
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_procuration_update AFTER UPDATE ON procuration
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_procuration_delete AFTER DELETE ON procuration
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_procuration_voeu_insert AFTER INSERT ON procuration_voeu
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_procuration_voeu_update AFTER UPDATE ON procuration_voeu
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_procuration_voeu_delete AFTER DELETE ON procuration_voeu
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_stage_particulier_insert AFTER INSERT ON stage_particulier
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_stage_particulier_update AFTER UPDATE ON stage_particulier
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_stage_particulier_delete AFTER DELETE ON stage_particulier
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_poste_insert AFTER INSERT ON poste
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_poste_update AFTER UPDATE ON poste
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_poste_delete AFTER DELETE ON poste
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_rang_insert AFTER INSERT ON rang
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_rang_update AFTER UPDATE ON rang
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_rang_delete AFTER DELETE ON rang
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_choix_insert AFTER INSERT ON choix
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;

CREATE TRIGGER jeton_choix_update AFTER UPDATE ON choix
BEGIN UPDATE appel_etat SET jeton = lower(hex(randomblob(8))); END;
