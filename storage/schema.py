"""amphi's own schema, as its migrations build it: what a base to restore is compared with (a
trigger, a view, an index or a table someone added, removed or changed is found), and the
journal's guards `amphi journal --verifier` looks for."""

import sqlite3
from functools import cache

from storage.database import migrations

SORTES = {"table": "table", "index": "index", "trigger": "déclencheur", "view": "vue"}
GARDES = (
    "journal_sans_modification",
    "journal_sans_effacement",
    "journal_interne_sans_modification",
    "journal_interne_sans_effacement",
)
"""The triggers that keep the journal from being changed or erased (schemas 1 and 3)."""

LIRE = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"
"""Every object of a base but SQLite's own (its sequence, statistics, automatic indexes)."""

Schema = dict[tuple[str, str], str]


def lu(rows) -> Schema:
    """(type, name) → its SQL, spaces folded (a trigger put back by the purge or a migration
    is the same trigger)."""
    return {(row[0], row[1]): " ".join((row[2] or "").split()) for row in rows}


@cache
def reference(version: int) -> Schema:
    """The schema the migrations give, up to `version`, in a base of memory. Their Python steps
    (storage/database.py, APRES) change rows, never the schema."""
    connection = sqlite3.connect(":memory:")
    try:
        for number, script in migrations():
            if number <= version:
                connection.executescript(script)
        return lu(connection.execute(LIRE).fetchall())
    finally:
        connection.close()


def ecarts(found: Schema, version: int) -> list[str]:
    """How `found` differs from amphi's schema `version`, in words (nothing: the same): what
    someone added first, then what he changed, then what is missing."""
    expected = reference(version)

    def what(key: tuple[str, str]) -> str:
        return f"{SORTES.get(key[0], key[0])} « {key[1]} »"

    added = [f"{what(key)} en plus" for key in sorted(found.keys() - expected.keys())]
    changed = [
        f"{what(key)} changé(e)"
        for key in sorted(found.keys() & expected.keys())
        if found[key] != expected[key]
    ]
    missing = [f"{what(key)} manquant(e)" for key in sorted(expected.keys() - found.keys())]
    return added + changed + missing


def gardes(found: Schema, version: int) -> list[str]:
    """The journal's guards missing or changed in `found`, by name."""
    expected = reference(version)
    return [
        name
        for name in GARDES
        if ("trigger", name) in expected
        and found.get(("trigger", name)) != expected[("trigger", name)]
    ]
