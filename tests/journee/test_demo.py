"""`make demo` plays its Telegram day through the real bot process, and leaves its files."""

import os
import subprocess
import sys

import pdfplumber


def test_the_demo_plays_a_whole_call_on_telegram_and_writes_its_files(tmp_path):
    environment = {**os.environ, "AMPHI_DEMO_SORTIE": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.repetition.demo"], capture_output=True, text=True, timeout=300,
        env=environment,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    summary = result.stdout.rstrip().splitlines()[-2]
    assert summary.startswith("40 internes sur la liste appelée sur Telegram, 40 placés")
    assert "Traceback" not in result.stderr
    assert "Vérification (liste « MG consolidation ») : 2 constat(s)." in result.stdout
    assert "- [stages] " in result.stdout  # one stage recorded, more semesters validated
    assert "ne peut pas prendre CHU-001 : un seul stage au CHU d'Amiens" in result.stdout
    assert "✔ Semestre d'été 2027 construit." in result.stdout  # the change of semester
    assert "40 interne(s) reporté(s), 40 stage(s) ajouté(s)" in result.stdout
    assert "Ensuite :" in result.stdout and '[semestre] code = "2027-05"' in result.stdout
    assert (
        "2026-11 non --oui" in result.stdout and ": non validé ; semestres validés" in result.stdout
    )
    transcript = (tmp_path / "transcript.txt").read_text(encoding="utf-8")
    for said in ("Import de postes.csv appliqué.", "Procuration enregistrée",
                 "(par procuration)", "arrivée d'un absent", "choix annulé", "choix clos"):  # fmt: skip
        assert said in transcript, said
    with pdfplumber.open(tmp_path / "appel_Odontologie.pdf") as pdf:
        assert "Liste d'appel — Odontologie" in pdf.pages[0].extract_text()
    log = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert "ERROR" not in log and "incident réseau" not in log  # no trouble, none invented
    assert (
        "Page de la salle, à ouvrir dans un navigateur pendant l'appel : http://" in result.stdout
    )
    assert "page de la salle : http://127.0.0.1:" in log
