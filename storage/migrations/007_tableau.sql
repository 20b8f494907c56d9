-- amphi schema 7: the live board, one message per list in the configured group or channel,
-- edited as the call moves (its id kept so a restarted bot edits the same message).
CREATE TABLE tableau (
    liste_id INTEGER PRIMARY KEY REFERENCES liste (id),
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    texte TEXT NOT NULL
);
