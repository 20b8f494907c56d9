"""The emulator refuses what Telegram refuses, in Telegram's words, to the real PTB Bot."""

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.request import HTTPXRequest

from bot.emulateur import ApiError, Emulateur
from bot.emulateur.http import Transport, port_of, servir


@pytest.fixture
async def pair():
    emulateur = Emulateur()
    emulateur.utilisateur(42, "Léa")

    def request() -> HTTPXRequest:
        return HTTPXRequest(httpx_kwargs={"transport": Transport(emulateur)})

    bot = Bot(
        emulateur.token, base_url="http://emulateur/bot", base_file_url="http://emulateur/file/bot",
        request=request(), get_updates_request=request(),
    )  # fmt: skip
    async with bot:
        yield emulateur, bot


async def test_html_is_parsed_into_text_and_entities(pair):
    emulateur, bot = pair
    sent = await bot.send_message(42, "<b>Rang</b> 3 &amp; <i>é</i>", parse_mode="HTML")
    assert sent.text == "Rang 3 & é"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 4), ("italic", 9, 1),
    ]  # fmt: skip
    assert sent.text_html == "<b>Rang</b> 3 &amp; <i>é</i>"
    for bad in ("a < b", "<b>gras", "<div>x</div>", "Tom & Jerry", "&nbsp;"):
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(42, bad, parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(42, "x", parse_mode="<b>markup</b>")  # a keyboard passed for it
    assert len(emulateur.violations) == 6  # each breach recorded: the test that caused it fails


async def test_lengths_and_callback_data_are_bounded(pair):
    _, bot = pair
    await bot.send_message(42, "é" * 4096)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(42, "x" * 4097)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(42, "😀" * 2049)  # 4,098 UTF-16 units
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(
            42,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("b", callback_data="é" * 33)]]
            ),
        )
    with pytest.raises(BadRequest, match="text is empty"):
        await bot.send_message(42, "<b></b>", parse_mode="HTML")


async def test_an_edit_that_changes_nothing_is_refused(pair):
    emulateur, bot = pair
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="b")]])
    sent = await bot.send_message(42, "<b>a</b>", parse_mode="HTML", reply_markup=keyboard)
    with pytest.raises(BadRequest) as same_text:
        await bot.edit_message_text(
            "<b>a</b>", 42, sent.message_id, parse_mode="HTML", reply_markup=keyboard
        )
    with pytest.raises(BadRequest) as same_keyboard:
        await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=keyboard)
    telegram_says = (  # Telegram's very words, whichever edit it is
        "Message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )
    assert same_text.value.message == same_keyboard.value.message == telegram_says
    assert len(emulateur.violations) == 2  # the bot never sends one: a test fails on it
    edited = await bot.edit_message_text("a", 42, sent.message_id)
    assert edited.text == "a" and not edited.entities and not edited.reply_markup
    with pytest.raises(BadRequest, match="exactly the same"):  # no keyboard left to take off
        await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=None)


async def test_a_chat_telegram_refuses_is_refused_in_its_words_and_no_breach(pair):
    emulateur, bot = pair
    emulateur.utilisateur(43, "Noé")
    sent = await bot.send_message(43, "a")
    emulateur.refus[43] = ApiError(400, "Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(43, "b")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.edit_message_text("b", 43, sent.message_id)
    assert (await bot.send_message(42, "c")).text == "c"  # the other chats as before
    assert emulateur.violations == []  # the test's refusal, not the bot's breach


async def test_flood_control_and_blocked_users(pair):
    emulateur, bot = pair
    for _ in range(20):
        await bot.send_message(42, "x")
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(42, "x")
    assert "Retry in 1" in str(flood.value)
    assert emulateur.trop_vite == 1
    emulateur.bloquer(emulateur.users[42])
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(42, "x")
    with pytest.raises(Forbidden, match="initiate"):
        await bot.send_message(77, "x")


async def test_updates_come_with_their_entities_and_are_confirmed_by_offset(pair):
    emulateur, bot = pair
    lea = emulateur.users[42]
    await emulateur.ecrire(lea, "/rang")
    await emulateur.partager_contact(lea, "+33612345678")
    await emulateur.envoyer_document(lea, "internes.csv", b"id\n1\n")
    updates = await bot.get_updates(timeout=1)
    assert (
        updates[0].message.text == "/rang" and updates[0].message.entities[0].type == "bot_command"
    )
    assert updates[1].message.contact.user_id == 42
    document = updates[2].message.document
    assert bytes(await (await bot.get_file(document.file_id)).download_as_bytearray()) == b"id\n1\n"
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_a_document_reaches_the_emulator_served_on_loopback():
    """Served over real HTTP (as `amphi bot` meets it), a multipart upload keeps its boundary."""
    emulateur = Emulateur()
    emulateur.utilisateur(42, "Léa")
    runner = await servir(emulateur, 0)
    base = f"http://127.0.0.1:{port_of(runner)}"
    try:
        async with Bot(emulateur.token, base_url=f"{base}/bot") as bot:
            sent = await bot.send_document(42, b"%PDF-1.4 demo", filename="appel.pdf")
    finally:
        await runner.cleanup()
    assert sent.document.file_name == "appel.pdf"
    assert emulateur.files[sent.document.file_id][1] == b"%PDF-1.4 demo"
