-- amphi schema 2: choice day (choices, procurations) and the Telegram side (accounts,
-- invitations, notifications).

-- Every place taken. A cancelled choice keeps its row (annule_at) for the record.
CREATE TABLE choix (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    interne_id TEXT NOT NULL REFERENCES interne (id),
    poste_id TEXT NOT NULL REFERENCES poste (id),
    statut TEXT NOT NULL DEFAULT 'standard'
        CHECK (statut = 'standard' OR statut = 'hors_discipline'),
    nature TEXT NOT NULL CHECK (nature IN (
        'choix', 'procuration', 'fleche', 'surnombre_validant', 'surnombre_non_validant',
        'affecte_office'
    )),
    -- what undoing this choice restores (ranking.appel.Prise): the arrival, the phone wait
    arrivee TEXT,
    etait_en_attente INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    auteur TEXT NOT NULL,
    annule_at TEXT
);
-- An interne never holds two places in the same semester.
CREATE UNIQUE INDEX choix_une_place_par_interne ON choix (interne_id) WHERE annule_at IS NULL;
CREATE INDEX choix_poste ON choix (poste_id) WHERE annule_at IS NULL;
CREATE INDEX choix_liste ON choix (liste_id, id);
-- A place is never given twice: surnombres leave the place open, the others take it.
CREATE TRIGGER choix_capacite BEFORE INSERT ON choix
WHEN NEW.nature NOT IN ('surnombre_validant', 'surnombre_non_validant')
    AND (
        SELECT count(*) FROM choix
        WHERE poste_id = NEW.poste_id AND annule_at IS NULL
            AND nature NOT IN ('surnombre_validant', 'surnombre_non_validant')
    ) >= (SELECT capacite FROM poste WHERE id = NEW.poste_id)
BEGIN
    SELECT RAISE(ABORT, 'poste complet');
END;

-- Stages particuliers of a list, known before the call: the interne chooses as a surnombre
-- (validant: at his rank; non_validant: any moment), or holds a fléché place and is not called.
CREATE TABLE stage_particulier (
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    interne_id TEXT NOT NULL REFERENCES interne (id),
    surnombre TEXT CHECK (surnombre = 'validant' OR surnombre = 'non_validant'),
    fleche_poste_id TEXT REFERENCES poste (id),
    PRIMARY KEY (liste_id, interne_id),
    CHECK ((surnombre IS NULL) <> (fleche_poste_id IS NULL))
);

-- The rest of a call's state (ranking/appel.py), beside the places in `choix`: who was passed,
-- who arrived back after whom, deferrals, the phone wait, the choices undone. JSON, rewritten
-- by each act in the same transaction as the act's `choix` row and journal entry.
CREATE TABLE appel_etat (
    liste_id INTEGER PRIMARY KEY REFERENCES liste (id),
    absents TEXT NOT NULL DEFAULT '[]',
    arrivees TEXT NOT NULL DEFAULT '[]',
    differes TEXT NOT NULL DEFAULT '[]',
    attente TEXT,
    reprises TEXT NOT NULL DEFAULT '[]',
    -- changes with every act: a process may reuse the call it holds in memory while it matches
    jeton TEXT NOT NULL DEFAULT '',
    ouvert_at TEXT NOT NULL,
    clos_at TEXT
);

CREATE TABLE procuration (
    interne_id TEXT PRIMARY KEY REFERENCES interne (id),
    telephone TEXT NOT NULL,
    mandataire TEXT,
    deposee_at TEXT NOT NULL,
    auteur TEXT NOT NULL
);
CREATE TABLE procuration_voeu (
    interne_id TEXT NOT NULL REFERENCES procuration (interne_id) ON DELETE CASCADE,
    rang INTEGER NOT NULL CHECK (rang >= 1),
    poste_id TEXT NOT NULL REFERENCES poste (id),
    PRIMARY KEY (interne_id, rang),
    UNIQUE (interne_id, poste_id)
);

-- Pré-choix: the postes an interne wishes, in order, recorded before the day for the simulation.
CREATE TABLE prechoix_voeu (
    interne_id TEXT NOT NULL REFERENCES interne (id),
    rang INTEGER NOT NULL CHECK (rang >= 1),
    poste_id TEXT NOT NULL REFERENCES poste (id),
    PRIMARY KEY (interne_id, rang),
    UNIQUE (interne_id, poste_id)
);

CREATE TABLE compte_telegram (
    telegram_id INTEGER PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('interne', 'gestionnaire')),
    interne_id TEXT UNIQUE REFERENCES interne (id),
    nom TEXT,
    lie_at TEXT NOT NULL,
    CHECK ((role = 'interne') = (interne_id IS NOT NULL))
);

-- Invitation codes are stored hashed (sha256), used once, and expire.
CREATE TABLE invitation (
    code_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('interne', 'gestionnaire')),
    interne_id TEXT REFERENCES interne (id),
    cree_at TEXT NOT NULL,
    expire_at TEXT NOT NULL,
    utilise_at TEXT,
    utilise_par INTEGER,
    CHECK ((role = 'interne') = (interne_id IS NOT NULL))
);

-- What was (or is to be) sent to whom: `cle` names the message, so nothing is sent twice.
CREATE TABLE notification (
    cle TEXT PRIMARY KEY,
    telegram_id INTEGER NOT NULL,
    prevue_at TEXT NOT NULL,
    envoyee_at TEXT
);
CREATE INDEX notification_a_envoyer ON notification (prevue_at) WHERE envoyee_at IS NULL;
