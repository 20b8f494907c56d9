-- amphi schema 13: the stages each interne has done (imported), read by the maquette (règles §6).
CREATE TABLE stage_effectue (
    cle TEXT PRIMARY KEY,
    interne_id TEXT NOT NULL REFERENCES interne (id),
    semestre TEXT NOT NULL,
    terrain TEXT NOT NULL,
    etablissement TEXT,
    type TEXT,
    phase TEXT,
    valide INTEGER NOT NULL
);
CREATE INDEX stage_effectue_interne ON stage_effectue (interne_id);
