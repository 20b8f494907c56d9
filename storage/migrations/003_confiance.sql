-- amphi schema 3: what the schema must guarantee before the bot is built on it.

-- A place's "how" (nature) apart from "does it use the place" (surnombre): a surnombre's place
-- stays open however he took it, in person, by procuration, at the end of his time or d'office.
-- The table is rebuilt (a CHECK cannot change); old surnombre natures become a plain choice,
-- and every place a surnombre took, however, is marked with his surnombre.
DROP TRIGGER choix_capacite;
DROP INDEX choix_une_place_par_interne;
DROP INDEX choix_poste;
DROP INDEX choix_liste;
ALTER TABLE choix RENAME TO choix_v2;
CREATE TABLE choix (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    interne_id TEXT NOT NULL REFERENCES interne (id),
    poste_id TEXT NOT NULL REFERENCES poste (id),
    statut TEXT NOT NULL DEFAULT 'standard'
        CHECK (statut = 'standard' OR statut = 'hors_discipline'),
    nature TEXT NOT NULL CHECK (nature IN ('choix', 'procuration', 'fleche', 'affecte_office')),
    surnombre TEXT CHECK (surnombre IS NULL OR surnombre IN ('validant', 'non_validant')),
    -- what undoing this choice restores (ranking.appel.Prise): the arrival, the phone wait
    arrivee TEXT,
    etait_en_attente INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    auteur TEXT NOT NULL,
    annule_at TEXT
);
INSERT INTO choix (id, liste_id, interne_id, poste_id, statut, nature, surnombre, arrivee,
                   etait_en_attente, at, auteur, annule_at)
SELECT id, liste_id, interne_id, poste_id, statut,
       CASE WHEN nature LIKE 'surnombre%' THEN 'choix' ELSE nature END,
       coalesce(
           CASE nature WHEN 'surnombre_validant' THEN 'validant'
                       WHEN 'surnombre_non_validant' THEN 'non_validant' END,
           -- a surnombre's place taken by procuration or d'office was counted before: no more
           CASE WHEN nature != 'fleche' THEN (
               SELECT sp.surnombre FROM stage_particulier sp
               WHERE sp.liste_id = choix_v2.liste_id AND sp.interne_id = choix_v2.interne_id
           ) END
       ),
       arrivee, etait_en_attente, at, auteur, annule_at
FROM choix_v2;
DROP TABLE choix_v2;
CREATE UNIQUE INDEX choix_une_place_par_interne ON choix (interne_id) WHERE annule_at IS NULL;
CREATE INDEX choix_poste ON choix (poste_id) WHERE annule_at IS NULL;
CREATE INDEX choix_liste ON choix (liste_id, id);
CREATE TRIGGER choix_capacite BEFORE INSERT ON choix
WHEN NEW.surnombre IS NULL
    AND (
        SELECT count(*) FROM choix
        WHERE poste_id = NEW.poste_id AND annule_at IS NULL AND surnombre IS NULL
    ) >= (SELECT capacite FROM poste WHERE id = NEW.poste_id)
BEGIN
    SELECT RAISE(ABORT, 'poste complet');
END;

-- A place left in a closed list is re-offered once, to one later list: the re-offered poste
-- names the poste it comes from, and a poste is re-offered at most once.
ALTER TABLE poste ADD COLUMN reoffert_de TEXT REFERENCES poste (id);
CREATE UNIQUE INDEX poste_reoffert_une_fois ON poste (reoffert_de) WHERE reoffert_de IS NOT NULL;

-- Fléchés of a poste never outnumber its places, whoever records them.
CREATE TRIGGER fleche_capacite BEFORE INSERT ON stage_particulier
WHEN NEW.fleche_poste_id IS NOT NULL
    AND (
        SELECT count(*) FROM stage_particulier WHERE fleche_poste_id = NEW.fleche_poste_id
    ) >= (SELECT capacite FROM poste WHERE id = NEW.fleche_poste_id)
BEGIN
    SELECT RAISE(ABORT, 'poste complet de stages fléchés');
END;

-- The gestionnaire's moves of the classement final, in order: `monte` swapped places with
-- `descend`, just above him. A new pré-classement replays those that still apply.
CREATE TABLE deplacement (
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    numero INTEGER NOT NULL,
    monte_id TEXT NOT NULL,
    monte_statut TEXT NOT NULL,
    descend_id TEXT NOT NULL,
    descend_statut TEXT NOT NULL,
    PRIMARY KEY (liste_id, numero)
);

-- A stored order goes stale when an import or the configuration changes what it was computed
-- from. `perimee` (JSON) says since when, why, and which rows; NULL while the order is fresh.
-- `empreinte_classement` is the ranking configuration the order was computed with.
ALTER TABLE liste ADD COLUMN perimee TEXT;
ALTER TABLE liste ADD COLUMN empreinte_classement TEXT;

-- Which internes a journal entry concerns, for `amphi journal --interne`. Append-only too.
CREATE TABLE journal_interne (
    journal_id INTEGER NOT NULL REFERENCES journal (id),
    interne_id TEXT NOT NULL,
    PRIMARY KEY (interne_id, journal_id)
);
CREATE TRIGGER journal_interne_sans_modification BEFORE UPDATE ON journal_interne
BEGIN
    SELECT RAISE(ABORT, 'le journal ne se modifie pas');
END;
CREATE TRIGGER journal_interne_sans_effacement BEFORE DELETE ON journal_interne
BEGIN
    SELECT RAISE(ABORT, 'le journal ne s''efface pas');
END;
CREATE INDEX journal_at ON journal (at);

-- A sortant's destination list is found by his id.
CREATE INDEX rang_interne ON rang (interne_id);
