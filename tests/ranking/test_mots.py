"""Finding a poste by what a person types on a phone."""

from ranking.text import matches


def test_a_poste_is_found_by_the_beginnings_of_its_words():
    terrain = "CHU Amiens — Gériatrie"
    assert matches("amiens ger", terrain) and matches("GÉRI", terrain, None)
    assert matches("", terrain)
    assert not matches("iatrie", terrain) and not matches("amiens psy", terrain)
    assert matches("17", "service 17") and not matches("17", "service 170")
    assert matches("urg mg-4", "Urgences", "MG-4")
