-- amphi schema 6: alerts of choice day. A planned message keeps what it says (JSON) and how its
-- sending ended (a blocked user is recorded and skipped, nothing else stops).
ALTER TABLE notification ADD COLUMN donnees TEXT;
ALTER TABLE notification ADD COLUMN echec TEXT;

-- The distances (in turns) at which an interne wants to be told his turn approaches.
CREATE TABLE alerte_reglage (
    interne_id TEXT PRIMARY KEY REFERENCES interne (id),
    distances TEXT NOT NULL
);
