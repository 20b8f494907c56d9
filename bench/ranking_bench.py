"""The ranking: pré-classement of every perimeter of a national file, and `amphi preclassement`
of one perimeter of it, against a bare CSV parse of the same file by the same Python."""

import contextlib
import csv
import io
import time
from pathlib import Path

from bench.timing import measure, verdict
from bot import cli
from bot.cli.fichier import _table
from bot.operations.config import load_config
from bot.repetition.exemple import generate, to_csv
from ranking.classement import PreClassement, preclassement, preclassements
from ranking.config import ClassementConfig
from ranking.importer import InternesFile, parse_internes, read_internes
from ranking.model import Formation, Semestre
from ranking.perimeter import resolve_perimetre

BUILD = Path(__file__).resolve().parent.parent / "build" / "bench"
SEMESTRE = Semestre(2026, winter=True)


def national_file(count: int) -> bytes:
    path = BUILD / f"internes_{count}.csv"
    if not path.exists():
        BUILD.mkdir(parents=True, exist_ok=True)
        path.write_bytes(to_csv(generate(count)))
    return path.read_bytes()


def bare_parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def figures(count: int, repeat: int) -> dict[str, tuple[float, float]]:
    data = national_file(count)
    internes = parse_internes(data, "internes.csv")
    config = ClassementConfig()
    return {
        **measure(
            {
                "parse": lambda: bare_parse(data),
                "classement": lambda: preclassements(internes, SEMESTRE, config),
            },
            repeat=repeat,
        ),
        **measure({"import": lambda: parse_internes(data, "internes.csv")}, repeat=3),
        "_": (len(internes), len(preclassements(internes, SEMESTRE, config))),
    }


PERIMETRE = (
    "--semestre", "2026-11", "--formation", "medecine", "--circonscription", "Île-de-France",
    "--discipline", "Médecine générale",
)  # fmt: skip


def _command_line(path: Path) -> None:
    """`amphi preclassement` of one perimeter, its table printed, in this process."""
    out = io.StringIO()
    config = str(Path(__file__).resolve().parent.parent / "config.example.toml")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = cli.main(
            ["preclassement", "--internes", str(path), *PERIMETRE, "--config", config]
        )
    if status != 0:
        raise RuntimeError(out.getvalue())


def _perimetre(fichier: InternesFile, config: ClassementConfig) -> PreClassement:
    """The ranking of the command's perimeter alone, from the file already read and checked."""
    internes = fichier.de(Formation.MEDECINE, "Île-de-France")
    perimetre = resolve_perimetre(
        Formation.MEDECINE, "Île-de-France", "Médecine générale", config.groups,
        list(internes), fichier.circonscriptions(),
    )  # fmt: skip
    return preclassement(internes, perimetre, SEMESTRE, config)


def _liberation(data: bytes) -> float:
    """Best time to give back the memory of the whole file read and checked: the command does
    it once its table is printed; `measure` frees its results outside the clock."""
    times = []
    for _ in range(5):
        fichier = read_internes(data, "internes.csv")
        start = time.perf_counter()
        del fichier
        times.append(time.perf_counter() - start)
    return min(times)


def run_command_line() -> None:
    data = national_file(50_000)
    path = BUILD / "internes_50000.csv"
    config = load_config(str(Path(__file__).resolve().parent.parent / "config.example.toml"))
    fichier = read_internes(data, "internes.csv")
    pre = _perimetre(fichier, config.classement)
    found = measure(
        {
            "parse": lambda: bare_parse(data),
            "checked": lambda: read_internes(data, "internes.csv"),
            "rank": lambda: _perimetre(fichier, config.classement),
            "table": lambda: _table(pre),
            "cli": lambda: _command_line(path),
        },
        repeat=11,
    )
    parse, checked, rank, table, command = (
        found[name][0] for name in ("parse", "checked", "rank", "table", "cli")
    )
    freed = _liberation(data)
    floor = checked + freed + rank + table
    ratio = command / parse
    ok = verdict(
        ratio <= 3, "« amphi preclassement » d'un périmètre / lecture", f"{ratio:.2f} ×", "≤ 3 ×"
    )
    print("« amphi preclassement » — un périmètre (MG d'Île-de-France) du fichier national")
    print(f"  lecture CSV seule (module csv)            {parse * 1000:8.1f} ms")
    print(
        f"  lecture contrôlée du fichier entier       {checked * 1000:8.1f} ms"
        f" ({checked / parse:.2f} × : chaque cellule, tout ou rien)"
    )
    print(f"  mémoire du fichier lu rendue              {freed * 1000:8.1f} ms")
    print(
        f"  classement du périmètre seul              {rank * 1000:8.1f} ms"
        f" ({len(pre.lignes)} internes)"
    )
    print(f"  tableau du périmètre seul                 {table * 1000:8.1f} ms")
    print(
        f"  plancher (lecture contrôlée, sa mémoire rendue, classement, tableau) {floor * 1000:8.1f} ms"
        f" ({floor / parse:.2f} × la lecture)"
    )
    print(f"  la commande (lecture, contrôle, classement, tableau) {command * 1000:8.1f} ms")
    print(
        f"  au-dessus du plancher                     {(command - floor) * 1000:8.1f} ms"
        " (configuration, arguments, impression)"
    )
    print(f"  rapport commande / lecture                {ratio:8.2f} ×  (objectif ≤ 3 : {ok})")
    print()


def run() -> None:
    large = figures(50_000, repeat=21)
    small = figures(5_000, repeat=61)
    internes, perimetres = large["_"]
    parse, rank, load = large["parse"][0], large["classement"][0], large["import"][0]
    ratio = rank / parse
    growth = rank / small["classement"][0]
    median = large["classement"][1]
    print(f"Classement — fichier national de {internes} internes, {perimetres} périmètres")
    print(f"  lecture CSV seule (module csv)            {parse * 1000:8.1f} ms")
    print(
        f"  pré-classement de tous les périmètres     {rank * 1000:8.1f} ms (médiane {median * 1000:.1f})"
    )
    ratio_ok = verdict(ratio <= 2, "pré-classement / lecture du fichier", f"{ratio:.2f} ×", "≤ 2 ×")
    print(
        f"  rapport classement / lecture              {ratio:8.2f} ×  (objectif ≤ 2 : {ratio_ok})"
    )
    croissance_ok = verdict(
        growth <= 12, "pré-classement 5 000 → 50 000", f"× {growth:.1f}", "≤ × 12"
    )
    print(f"  5 000 → 50 000 internes : temps × {growth:.1f}     (objectif ≤ 12 : {croissance_ok})")
    print(
        f"  import validé du fichier (toutes règles)  {load * 1000:8.1f} ms ({load / parse:.1f} × la lecture)"
    )
    print()
