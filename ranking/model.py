"""The domain's records: internes, semesters, and the words for formations, concours and phases."""

from dataclasses import dataclass, fields
from enum import StrEnum
from fractions import Fraction

from ranking.errors import InvalidInput, Problem


class Formation(StrEnum):
    MEDECINE = "medecine"
    PHARMACIE = "pharmacie"
    ODONTOLOGIE = "odontologie"

    @property
    def label(self) -> str:
        return {"medecine": "médecine", "pharmacie": "pharmacie", "odontologie": "odontologie"}[
            self.value
        ]

    @property
    def by_discipline(self) -> bool:
        """Only médecine is ranked by discipline; the others form one perimeter per subdivision."""
        return self is Formation.MEDECINE


class Concours(StrEnum):
    ECN = "ECN"
    EDN = "EDN"
    EUR = "EUR"
    MT = "MT"
    ETR = "ETR"

    @property
    def national(self) -> bool:
        """National, européen and médecine du travail rank before the foreign concours."""
        return self is not Concours.ETR

    @property
    def label(self) -> str:
        return {
            "ECN": "ECN (national)",
            "EDN": "EDN (national)",
            "EUR": "concours européen",
            "MT": "concours spécial médecine du travail",
            "ETR": "concours étranger",
        }[self.value]


class Phase(StrEnum):
    SOCLE = "socle"
    APPROFONDISSEMENT = "approfondissement"
    CONSOLIDATION = "consolidation"


@dataclass(frozen=True, slots=True)
class Interne:
    id: str
    nom: str
    prenom: str
    formation: Formation
    des: str
    discipline: str | None
    circonscription: str
    promotion: int
    concours: Concours
    rang_concours: int
    rin: int | Fraction | None = None
    ri3: int | Fraction | None = None
    semestres_valides: int = 0
    hors_discipline: str | None = None
    phase: Phase | None = None
    telephone: str | None = None
    email: str | None = None
    actif: bool = True


FIELDS = tuple(field.name for field in fields(Interne))
"""`Interne`'s fields in order: a stored or imported row's columns."""


@dataclass(frozen=True, slots=True)
class Semestre:
    """The semester being chosen for: winter starts in November of `year`, summer in May."""

    year: int
    winter: bool

    @classmethod
    def parse(cls, text: str, argument: str = "--semestre") -> "Semestre":
        year, sep, month = text.strip().partition("-")
        if sep and year.isdigit() and len(year) == 4 and month in ("11", "05", "5"):
            return cls(int(year), month == "11")
        raise InvalidInput(
            "",
            [
                Problem(
                    f"argument {argument} : « {text} » n'est pas un semestre ; écrire AAAA-11 "
                    "pour le semestre d'hiver (novembre) ou AAAA-05 pour celui d'été (mai)"
                )
            ],
        )

    @property
    def code(self) -> str:
        return f"{self.year}-{'11' if self.winter else '05'}"

    @property
    def label(self) -> str:
        if self.winter:
            return f"semestre d'hiver {self.year}-{self.year + 1}"
        return f"semestre d'été {self.year}"

    @property
    def suivant(self) -> "Semestre":
        """The semester built from this one (règles §7): winter Y → summer Y+1, summer Y →
        winter Y."""
        return Semestre(self.year + 1, False) if self.winter else Semestre(self.year, True)

    def semestres_theoriques(self, promotion: int) -> int:
        """Semesters validated by an interne of `promotion` without any delay when choosing now."""
        done = 2 * (self.year - promotion)
        return done if self.winter else done - 1
