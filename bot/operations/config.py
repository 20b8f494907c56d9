"""Reading amphi's TOML configuration file (the ranking part is parsed by `ranking.config`)."""

from collections.abc import Callable
from pathlib import Path

from ranking.config import Config, parse_config
from ranking.errors import InvalidInput, Problem


def read_bytes(path: str, argument: str) -> bytes:
    """A file named on the command line, or a French error saying which argument named it."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        problem = Problem(f"argument {argument} : fichier introuvable : {path}")
    except IsADirectoryError:
        problem = Problem(f"argument {argument} : {path} est un dossier, pas un fichier")
    except PermissionError:
        problem = Problem(f"argument {argument} : lecture interdite : {path}")
    raise InvalidInput("", [problem])


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    data = read_bytes(path, "--config")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            path, [Problem("le fichier de configuration doit être en UTF-8")]
        ) from None
    return parse_config(text, path)


def all_or_nothing(*steps: Callable[[], object]) -> list[object]:
    """Run independent reads and checks; if any fails, report the faults of all of them at once."""
    results = []
    problems = []
    for step in steps:
        try:
            results.append(step())
        except InvalidInput as error:
            problems.extend(Problem(message) for message in error.messages())
    if problems:
        raise InvalidInput("", problems)
    return results
