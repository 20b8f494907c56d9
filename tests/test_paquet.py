"""`pip install .` from a checkout: the wheel carries the fonts and the migrations, and the
`amphi` it installs into a fresh venv runs on a sample, away from the checkout."""

import subprocess
import sys
import sysconfig
from pathlib import Path

from bot.cli import build_parser
from bot.operations.config import SPECTATEURS_MAX
from bot.web.serveur import MARGE, RESERVE
from tests import db_setup
from tests.conftest import csv_bytes, interne

ROOT = Path(__file__).resolve().parents[1]


def _run(*command, cwd=None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    return done


def test_the_wheel_installs_and_runs_away_from_the_checkout(tmp_path):
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT))
    (wheel,) = tmp_path.glob("amphi-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv))
    site = next((venv / "lib").glob("python3*/site-packages"))
    # the dependencies from this checkout's environment (a path, not its .pth hooks: the
    # checkout's own editable install stays out), amphi from the wheel alone
    (site / "dependances.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "-q", "--no-index", str(wheel))  # fmt: skip
    amphi = str(venv / "bin" / "amphi")
    work = tmp_path / "ailleurs"
    work.mkdir()
    (work / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    rows = [interne(str(n), nom=f"Nom{n}", rin=n) for n in range(1, 6)]
    (work / "internes.csv").write_bytes(csv_bytes(rows))
    where = _run(str(venv / "bin" / "python"), "-c", "import bot; print(bot.__file__)", cwd=work)
    assert where.stdout.startswith(str(site)), where.stdout
    _run(amphi, "exemple", "--internes", "50", "--sortie", "exemple.csv", cwd=work)
    _run(amphi, "import", "internes", "internes.csv", "--oui", cwd=work)  # the migrations
    _run(amphi, "preclassement", "--liste", "MG", cwd=work)
    _run(amphi, "final", "valider", "--liste", "MG", cwd=work)
    _run(amphi, "pdf", "appel", "--liste", "MG", "--sortie", "appel.pdf", cwd=work)
    assert (work / "appel.pdf").read_bytes().startswith(b"%PDF")  # the fonts


def test_the_systemd_unit_runs_the_bot_as_a_service_expects():
    unit = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy" / "amphi.service").read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert unit["Restart"] == "on-failure" and unit["RestartPreventExitStatus"] == "2"
    assert unit["EnvironmentFile"] == "/etc/amphi/amphi.env" and unit["UMask"] == "0077"
    command = unit["ExecStart"].split()
    assert command[0].endswith("/bin/amphi")
    parsed = build_parser(command[1]).parse_args(command[1:])
    assert (parsed.db, parsed.config) == ("/var/lib/amphi/amphi.sqlite3", "/etc/amphi/config.toml")
    assert parsed.db.startswith(unit["ReadWritePaths"]) and unit["StateDirectoryMode"] == "0700"
    # every viewer of the room's page is a file of the process, beside the bot's own
    assert int(unit["LimitNOFILE"]) >= 2 * (SPECTATEURS_MAX + RESERVE + MARGE)


def test_the_installer_keeps_the_config_from_other_users():
    """config.toml may hold a secret: root and the amphi group read it, nobody else (a new one
    and one already there)."""
    installer = (ROOT / "deploy" / "installer.sh").read_text(encoding="utf-8")
    assert "install -m 0640 -o root -g amphi config.example.toml /etc/amphi/config.toml" in (
        installer
    )
    assert "chmod 0640 /etc/amphi/config.toml" in installer
    assert "chown root:amphi /etc/amphi/config.toml" in installer
    assert "0644 config.example.toml" not in installer
