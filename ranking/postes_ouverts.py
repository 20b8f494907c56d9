"""The postes with a place left, counted by kind, while a simulation fills them."""

from collections import Counter
from collections.abc import Iterable, Mapping


class PostesOuverts:
    """The postes with a place left, counted by kind (what the rules see of a poste, numbered
    by `Eligibilite`), kept up to date as postes fill: a simulation asks it for every wish of
    every interne, and recounting 900 postes each time cost fifty times the simulation itself."""

    def __init__(self, classes: Mapping[str, int], ouverts: Iterable[str]):
        self.classes = classes
        """The kind of each poste (no entry: not a known poste)."""
        self._ouverts: list[str] | None = list(ouverts)  # as they are now, counted later
        self._count: Counter[int] = Counter()
        self.pleines: list[int] = []
        """The kinds with no place left, in the order they filled (what was open at a past
        moment, `au_moment`)."""
        self.retenus: dict = {}
        """Whether a kind of interne is held by these missing types (`Eligibilite.permis`),
        known until a kind of poste fills."""
        self.internes: dict = {}
        """By interne: his profile, its kind and its verdicts (`Eligibilite.premier`), for the
        simulation these postes are counted for."""
        self.vues: dict[int, dict] = {}
        """By kind of interne: whether he may take a kind of poste now (`Eligibilite.premier`),
        known until a kind of poste fills."""

    def _compter(self) -> Counter[int]:
        """Counted when first asked: most verdicts never need what is open."""
        if self._ouverts is not None:
            ouverts, self._ouverts = self._ouverts, None
            self._count.update(s for p in ouverts if (s := self.classes.get(p)) is not None)
        return self._count

    def fermer(self, poste: str) -> None:
        """`poste` has no place left."""
        count = self._count if self._ouverts is None else self._compter()
        sorte = self.classes.get(poste)
        if sorte is not None and sorte in count:
            count[sorte] -= 1
            if count[sorte] <= 0:
                del count[sorte]
                self.pleines.append(sorte)
                self.retenus.clear()
                self.vues.clear()

    def __contains__(self, sorte: int) -> bool:
        """A poste of this kind has a place left."""
        return sorte in self._compter()

    def au_moment(self, moment: int) -> "Instant":
        """What was open at `moment`: a kind fills once and never opens again."""
        return Instant(self, moment)


class Instant:
    """The kinds of poste open at a past moment of a simulation."""

    def __init__(self, ouverts: PostesOuverts, moment: int):
        self._ouverts, self._moment = ouverts, moment
        self.retenus: dict = {}
        """As `PostesOuverts.retenus`, for this moment."""

    def __contains__(self, sorte: int) -> bool:
        ouverts = self._ouverts
        return sorte in ouverts or sorte in ouverts.pleines[self._moment :]
