"""Crash safety and concurrent writers, with real processes on one SQLite file."""

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from ranking.ordre import key_label
from storage import classement, journal, listes
from storage.database import Database
from tests import db_setup

ROOT = Path(__file__).resolve().parents[2]


def start(mode: str, path: Path, seed: int, rounds: int = 100_000) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.writers", mode, str(path), str(seed), str(rounds)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def check_consistency(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    overfilled = connection.execute(
        "SELECT p.id FROM poste p WHERE p.capacite < (SELECT count(*) FROM choix c "
        "WHERE c.poste_id = p.id AND c.annule_at IS NULL AND c.nature NOT LIKE 'surnombre%')"
    ).fetchall()
    assert overfilled == []
    twice = connection.execute(
        "SELECT interne_id FROM choix WHERE annule_at IS NULL GROUP BY interne_id HAVING count(*) > 1"
    ).fetchall()
    assert twice == []
    return connection


def test_sigkill_while_writing_loses_no_acknowledged_write(tmp_path):
    path = tmp_path / "amphi.sqlite3"

    async def prepare():
        database = await db_setup.prepared(path, places=120)
        await database.close()

    asyncio.run(prepare())
    rng = random.Random(20261121)
    for round_number in range(4):
        writer = start("churn", path, seed=round_number)
        deadline = time.monotonic() + rng.uniform(0.4, 1.5)
        acked_choices, acked_cancels = set(), set()
        while time.monotonic() < deadline:
            line = writer.stdout.readline()
            words = line.split()
            if words[:1] == ["choix"]:
                acked_choices.add(int(words[1]))
            elif words[:1] == ["annule"]:
                acked_cancels.add(int(words[1]))
        os.kill(writer.pid, signal.SIGKILL)
        for line in writer.stdout:  # lines flushed before the kill are acknowledged too
            words = line.split()
            if words[:1] == ["choix"]:
                acked_choices.add(int(words[1]))
            elif words[:1] == ["annule"]:
                acked_cancels.add(int(words[1]))
        writer.wait()
        assert writer.returncode == -signal.SIGKILL
        assert acked_choices, "the writer had time to commit something"

        connection = check_consistency(path)
        rows = dict(connection.execute("SELECT id, annule_at FROM choix").fetchall())
        assert acked_choices <= rows.keys(), "an acknowledged choice was lost"
        assert all(rows[i] is not None for i in acked_cancels), "an acknowledged cancel was lost"
        made = connection.execute(
            "SELECT count(*) FROM journal WHERE action = 'appel.choisir'"
        ).fetchone()[0]
        cancelled = connection.execute(
            "SELECT count(*) FROM journal WHERE action = 'appel.annuler'"
        ).fetchone()[0]
        assert made == len(rows), "a choice and its journal entry are one transaction"
        assert cancelled == sum(value is not None for value in rows.values())
        connection.close()


def test_two_processes_swapping_lose_no_update(tmp_path):
    path = tmp_path / "amphi.sqlite3"

    async def prepare() -> list[str]:
        database = await db_setup.prepared(path, open_mg=False)
        async with database.read() as tx:
            keys = (await classement.load(tx, await listes.get(tx, "MG"))).keys
        await database.close()
        return [key_label(k) for k in keys]

    initial = asyncio.run(prepare())
    writers = [start("swaps", path, seed, rounds=150) for seed in (1, 2)]
    outputs = [writer.communicate(timeout=120)[0].split("\n") for writer in writers]
    assert all(writer.returncode == 0 for writer in writers)
    acked = sum(line == "echange" for output in outputs for line in output)

    async def stored() -> tuple[list[str], list]:
        database = await Database.open(path)
        async with database.read() as tx:
            liste = await listes.get(tx, "MG")
            keys = (await classement.load(tx, liste)).keys
            entries = [
                e for e in await journal.lignes(tx, liste.id) if e.action == "final.echanger"
            ]
        await database.close()
        return [key_label(k) for k in keys], entries

    final, entries = asyncio.run(stored())
    assert len(entries) == acked > 100
    replay = list(initial)
    for entry in entries:  # each swap applies to the order left by the previous one
        upper, lower = entry.avant
        position = replay.index(upper)
        assert replay[position + 1] == lower, "a swap was computed on a stale order"
        replay[position], replay[position + 1] = lower, upper
    assert replay == final
    assert sorted(final) == sorted(initial)


def test_two_processes_choosing_never_give_a_place_twice(tmp_path):
    path = tmp_path / "amphi.sqlite3"

    async def prepare():
        database = await db_setup.prepared(path, places=60)
        await database.close()

    asyncio.run(prepare())
    writers = [start("choices", path, seed) for seed in (3, 4)]
    outputs = [writer.communicate(timeout=120)[0].split("\n") for writer in writers]
    assert all(writer.returncode == 0 for writer in writers)
    acked = [
        int(line.split()[1]) for output in outputs for line in output if line.startswith("choix")
    ]
    connection = check_consistency(path)
    active = [row[0] for row in connection.execute("SELECT id FROM choix WHERE annule_at IS NULL")]
    assert sorted(acked) == sorted(active)
    assert len(active) == 60, "every place was taken, none twice"
    connection.close()
