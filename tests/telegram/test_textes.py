"""Every word the bot says is in bot/telegram/textes/, one module per feature: a handler writes
no sentence and no button label of its own (read from the source)."""

import ast
from pathlib import Path

TELEGRAM = Path(__file__).resolve().parent.parent.parent / "bot" / "telegram"
TEXTES = TELEGRAM / "textes"
SAYS = {
    "bouton", "_button", "InlineKeyboardButton", "KeyboardButton", "reply_text", "answer",
    "send_message", "edit_message_text", "Refused",
}  # fmt: skip
"""Calls whose first argument a person reads: a label, a message, a refusal's sentence."""


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def written_inline(path: Path) -> list[str]:
    faults = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and _name(node.func) in SAYS and node.args):
            continue
        first = node.args[0]
        literal = isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value
        )
        if literal:
            faults.append(f"{path.relative_to(TELEGRAM)}:{node.lineno}: {ast.unparse(first)}")
    return faults


def test_no_handler_writes_a_label_or_a_sentence_of_its_own():
    handlers = [p for p in sorted(TELEGRAM.rglob("*.py")) if TEXTES not in p.parents]
    faults = [fault for path in handlers for fault in written_inline(path)]
    assert faults == []


def test_each_module_of_texts_stays_readable():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in TEXTES.glob("*.py")}
    assert len(sizes) > 5 and max(sizes.values()) <= 500, sizes
