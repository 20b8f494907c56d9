"""Errors the domain raises, each carrying French messages meant for the user as they are."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault in an input and where: `line` counts from 1 (the header), `column` by name."""

    message: str
    line: int | None = None
    column: str | None = None

    def located(self, source: str) -> str:
        where = [source] if source else []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne {self.column}")
        prefix = ", ".join(where)
        return f"{prefix} : {self.message}" if prefix else self.message


class InvalidInput(Exception):
    """An input refused whole; `problems` lists every fault found in it."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(self.messages()))

    def messages(self) -> list[str]:
        return [p.located(self.source) for p in self.problems]


class Refused(Exception):
    """An operation the rules forbid (SPEC 3.5–3.7); the message says why, in French."""
