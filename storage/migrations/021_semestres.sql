-- amphi schema 21: one semester after another (règles §7). Each semester is one base; at the
-- change of semester the closing one is copied whole beside the base (« amphi-2026-11.sqlite3 »)
-- and the live base, at the same path, becomes the next semester: accounts, alert settings and
-- the bot's persistence stay where they are, so nobody binds again.
ALTER TABLE semestre ADD COLUMN precedent TEXT;      -- code this semester was built from (NULL: first)
ALTER TABLE semestre ADD COLUMN suivant TEXT;        -- set in an archive only: the semester built from it
-- The journal chain goes on across the files: the live base starts after the archive's head.
ALTER TABLE semestre ADD COLUMN journal_depuis INTEGER NOT NULL DEFAULT 0;
ALTER TABLE semestre ADD COLUMN journal_depuis_empreinte TEXT;
CREATE TABLE semestre_passe (                        -- the semesters this base was built from
    code TEXT PRIMARY KEY,
    archive TEXT NOT NULL,                           -- file name beside the base
    tete INTEGER NOT NULL,                           -- the archive's journal head: number
    tete_empreinte TEXT NOT NULL,                    -- and fingerprint
    passe_at TEXT NOT NULL,
    auteur TEXT NOT NULL
);
-- 'amphi': the place taken on a choice day, carried at a change of semester; 'fichier': imported.
ALTER TABLE stage_effectue ADD COLUMN origine TEXT NOT NULL DEFAULT 'fichier'
    CHECK (origine = 'fichier' OR origine = 'amphi');
