"""Errors the domain raises, each carrying French messages meant for the user as they are."""

from dataclasses import dataclass
from enum import StrEnum


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


class Etape(StrEnum):
    """A step a gestionnaire can take next. Each face says it its own way: the command line
    prints the command, the bot shows a button."""

    PRECLASSEMENT = "preclassement"
    PRECLASSEMENT_ABANDON = "preclassement_abandon"
    EXAEQUO = "exaequo"
    VALIDER_LEVEE = "valider_levee"
    FINAL = "final"
    VALIDER_FINAL = "valider_final"
    ROUVRIR = "rouvrir"
    OUVRIR = "ouvrir"
    APPEL = "appel"
    AFFECTER_OFFICE = "office"
    CLORE = "clore"


@dataclass(frozen=True, slots=True)
class Suite:
    """What to do next, and on which list."""

    etape: Etape
    liste: str | None = None


class Refused(Exception):
    """An operation the rules forbid; the message says why, in French. `suite`, when given,
    is the step that lifts the refusal (the message already names it in words)."""

    def __init__(self, message: str, suite: Suite | None = None):
        super().__init__(message)
        self.suite = suite


class Perime(Refused):
    """A screen pressed shows a state that changed since it was drawn (another gestionnaire,
    the command line, a remote choice): nothing is done, the screen is shown again as it is."""


class HorsMaquette(Refused):
    """A place the maquette forbids (règles §6): the message names the rule; a gestionnaire may
    still give it, with a motif."""


class AConfirmer(Refused):
    """An act the rules allow once confirmed: the message says why it is asked, `lignes` what
    the person should read before confirming (règles §6: opening a list the verification finds
    faults in)."""

    def __init__(self, message: str, lignes: tuple[str, ...]):
        super().__init__(message)
        self.lignes = lignes


class DejaFait(Refused):
    """The act pressed was already done, by this very person (a double tap, a press retried):
    nothing is done twice; the message says what was recorded."""
