"""Phone numbers as people type them (« 06 12 34 56 78 », « 0692 12 34 56 », « +44 20 7946 0958 »),
kept in E.164 so that two spellings of one number compare equal. French unless a country code is
given: metropolitan France first, then each overseas numbering region (a Réunion mobile is
« 0692… » typed in France as there, stored +262…).

phonenumbers is imported on first use: its tables take a third of the command line's start,
and most commands never read a phone number."""

from types import ModuleType

from ranking.errors import InvalidInput, Problem

PAYS = "FR"
REGIONS_FRANCAISES = ("FR", "RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF", "NC", "PF", "WF")
"""Where a number typed without its country code may be: France's numbering regions."""
_LONGEST = 40  # no real number, with its spaces and dots, is longer


def _phonenumbers() -> ModuleType:
    import phonenumbers

    return phonenumbers


def normaliser(texte: str, where: str = "téléphone") -> str:
    """The number in E.164 (« +33612345678 »), or a French error naming `where`."""
    phonenumbers = _phonenumbers()
    cleaned = texte.strip()
    problem = f"{where} : « {cleaned[:_LONGEST]} » n'est pas un numéro de téléphone valide"
    if not cleaned or len(cleaned) > _LONGEST:
        raise InvalidInput("", [Problem(problem)])
    for region in REGIONS_FRANCAISES:
        try:
            number = phonenumbers.parse(cleaned, region)
        except phonenumbers.NumberParseException:
            raise InvalidInput("", [Problem(problem)]) from None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if cleaned.startswith("+"):  # the country code is given: no other region to try
            break
    raise InvalidInput("", [Problem(problem)])


def lisible(e164: str | None) -> str:
    """A stored number as people read it: « 06 12 34 56 78 » in France, international else.
    A number stored before numbers were checked is shown as it was typed."""
    if not e164:
        return ""
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(e164, PAYS)
    except phonenumbers.NumberParseException:
        return e164
    national = phonenumbers.region_code_for_number(number) in REGIONS_FRANCAISES
    kind = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, kind.NATIONAL if national else kind.INTERNATIONAL)


def meme_numero(a: str | None, b: str | None) -> bool:
    """Two spellings of the same number (an imported one, a contact shared on Telegram)."""
    if not a or not b:
        return False
    try:
        return normaliser(a) == normaliser(b)
    except InvalidInput:
        return False
