-- amphi schema 1: the semester, its listes d'appel, internes, postes, rankings, journal.
-- Times are UTC, ISO 8601. Exact ranks (fractions) are stored as text ("455/12").
-- CHECKs on bulk-inserted tables are written with OR, not IN (...): same guarantee, and half
-- the cost of importing 50,000 internes (IN builds a set for every row).

CREATE TABLE semestre (
    code TEXT PRIMARY KEY,                      -- '2026-11' (winter) or '2027-05' (summer)
    circonscription TEXT NOT NULL,
    cree_at TEXT NOT NULL
);

CREATE TABLE import_lot (
    id INTEGER PRIMARY KEY,
    nature TEXT NOT NULL CHECK (nature IN ('internes', 'postes')),
    source TEXT NOT NULL,
    empreinte TEXT NOT NULL,                    -- sha256 of the file's bytes
    at TEXT NOT NULL,
    auteur TEXT NOT NULL,
    ajouts INTEGER NOT NULL,
    modifications INTEGER NOT NULL,
    retraits INTEGER NOT NULL
);

CREATE TABLE interne (
    id TEXT PRIMARY KEY,
    nom TEXT NOT NULL,
    prenom TEXT NOT NULL,
    formation TEXT NOT NULL CHECK (
        formation = 'medecine' OR formation = 'pharmacie' OR formation = 'odontologie'
    ),
    des TEXT NOT NULL,
    discipline TEXT,
    circonscription TEXT NOT NULL,
    promotion INTEGER NOT NULL,
    concours TEXT NOT NULL CHECK (
        concours = 'ECN' OR concours = 'EDN' OR concours = 'EUR' OR concours = 'MT'
        OR concours = 'ETR'
    ),
    rang_concours INTEGER NOT NULL CHECK (rang_concours >= 1),
    rin TEXT,
    ri3 TEXT,
    semestres_valides INTEGER NOT NULL CHECK (semestres_valides >= 0),
    hors_discipline TEXT,
    phase TEXT CHECK (
        phase IS NULL OR phase = 'socle' OR phase = 'approfondissement'
        OR phase = 'consolidation'
    ),
    telephone TEXT,
    email TEXT,
    actif INTEGER NOT NULL CHECK (actif = 0 OR actif = 1),
    lot_id INTEGER NOT NULL REFERENCES import_lot (id)
);

CREATE TABLE liste (
    id INTEGER PRIMARY KEY,
    nom TEXT NOT NULL UNIQUE,
    formation TEXT NOT NULL,
    discipline TEXT,
    phase TEXT,
    ordre INTEGER NOT NULL,                     -- call order on choice day
    etat TEXT NOT NULL DEFAULT 'import' CHECK (
        etat IN ('import', 'preclassement', 'exaequo', 'final', 'choix_ouvert', 'choix_clos')
    ),
    methode TEXT,
    preclassement_at TEXT,
    levee_validee INTEGER NOT NULL DEFAULT 0,
    final_valide INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE poste (
    id TEXT PRIMARY KEY,
    terrain TEXT NOT NULL,
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    capacite INTEGER NOT NULL CHECK (capacite >= 1),
    libelle TEXT,
    type TEXT,
    lot_id INTEGER NOT NULL REFERENCES import_lot (id)
);
CREATE INDEX poste_liste ON poste (liste_id);

-- The current order of a list: one row per (interne, statut), `position` is the rang d'appel.
CREATE TABLE rang (
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    position INTEGER NOT NULL,
    interne_id TEXT NOT NULL REFERENCES interne (id),
    statut TEXT NOT NULL CHECK (statut = 'standard' OR statut = 'hors_discipline'),
    sortant INTEGER NOT NULL,
    rang_preclassement INTEGER NOT NULL,
    groupe INTEGER,
    rang_local INTEGER NOT NULL,
    effectif_promotion INTEGER NOT NULL,
    promotion_theorique INTEGER NOT NULL,
    effectif_promotion_theorique INTEGER NOT NULL,
    rang_calcule TEXT NOT NULL,
    PRIMARY KEY (liste_id, interne_id, statut),
    UNIQUE (liste_id, position)
);

CREATE TABLE groupe_exaequo (
    liste_id INTEGER NOT NULL REFERENCES liste (id),
    numero INTEGER NOT NULL,
    rang INTEGER NOT NULL,
    traite INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (liste_id, numero)
);

-- Append-only: who did what, when, with the state before and after (JSON).
CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    auteur TEXT NOT NULL,
    action TEXT NOT NULL,
    liste_id INTEGER REFERENCES liste (id),
    avant TEXT,
    apres TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX journal_liste ON journal (liste_id);
CREATE TRIGGER journal_sans_modification BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'le journal ne se modifie pas');
END;
CREATE TRIGGER journal_sans_effacement BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'le journal ne s''efface pas');
END;
