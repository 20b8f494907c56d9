"""`make docs`: the pictures of the README, from what `make demo` wrote in `build/demo/` — the first
page of each PDF of the list called on Telegram, and a stretch of the chat as a phone shows it."""

from pathlib import Path

import pdfplumber
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEMO, DOCS = ROOT / "build" / "demo", ROOT / "docs"
FONT = ROOT / "bot" / "editions" / "fonts" / "DejaVuSans.ttf"
EDITIONS = ("appel", "emargement", "resultats")
WIDTH, MARGIN, LINE = 760, 16, 22
BOT, PERSON, PAPER = "#eef1f5", "#d8ecff", "white"


def pages() -> list[Path]:
    written = []
    for edition in EDITIONS:
        source = DEMO / f"{edition}_Odontologie.pdf"
        target = DOCS / f"{edition}.png"
        with pdfplumber.open(source) as pdf:
            pdf.pages[0].to_image(resolution=72).save(target)
        written.append(target)
    return written


def conversation(first: str = "Gestionnaire → /appel", count: int = 12) -> Path:
    """The transcript from the opening of the call, each message whole: the bot's on the
    left, people's on the right, as bubbles."""
    lines = (DEMO / "transcript.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    bubbles = _bulles(lines[start:])[:count]
    font = ImageFont.truetype(str(FONT), 14)
    height = sum(LINE * len(text) + 8 + MARGIN for _, text in bubbles)
    image = Image.new("RGB", (WIDTH, MARGIN * 2 + height), PAPER)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for from_bot, text in bubbles:
        shown = [_fit(draw, line, font) for line in text]
        width = max(draw.textlength(line, font=font) for line in shown)
        x = MARGIN if from_bot else WIDTH - MARGIN - width - 2 * MARGIN
        box = (x, y, x + width + 2 * MARGIN, y + LINE * len(shown) + 8)
        draw.rounded_rectangle(box, radius=10, fill=BOT if from_bot else PERSON)
        for n, line in enumerate(shown):
            draw.text((x + MARGIN, y + 5 + n * LINE), line, font=font, fill="black")
        y = box[3] + MARGIN
    target = DOCS / "conversation.png"
    image.save(target)
    return target


def _bulles(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """The transcript's messages: a bot's message goes on over its indented lines."""
    bubbles: list[tuple[bool, list[str]]] = []
    for line in lines:
        if line.startswith("   bot → "):
            bubbles.append((True, [line.removeprefix("   bot → ")]))
        elif line.startswith(" " * 9) and bubbles and bubbles[-1][0]:
            bubbles[-1][1].append(line.strip())
        else:
            bubbles.append((False, [line.strip()]))
    return bubbles


def _fit(draw: ImageDraw.ImageDraw, text: str, font) -> str:
    while draw.textlength(text, font=font) > WIDTH - 4 * MARGIN and len(text) > 1:
        text = text[:-2] + "…"
    return text


if __name__ == "__main__":
    if not (DEMO / "transcript.txt").exists():
        raise SystemExit("Lancer d'abord make demo : il écrit ce que montrent les images.")
    for path in [*pages(), conversation()]:
        print(f"écrit : {path.relative_to(ROOT)}")
