"""Tips (线索举报) as the citizens' site takes them: submit with a 16-digit receipt code, come
back with the code to read the center's replies, answer and add pictures.

The code is the reporter's only key and is never stored: `code_lookup` is an HMAC-SHA256 of
it under the server's tip key (FANZHA_TIP_CODE_KEY, one indexed query finds the tip; a stolen
database alone cannot be searched for codes), and `code_hash` a salted scrypt of it that must
match too. A 实名 reporter's name, phone and ID number go to the vault; the tip keeps only the
vault record's id. Nothing here logs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from limits import parse
from limits.strategies import FixedWindowRateLimiter
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit.models import AuditAction
from fanzha.config import PROJECT_ROOT, get_settings
from fanzha.i18n import public as i18n
from fanzha.identifiers import InvalidIdentifier, normalize_id_number, normalize_phone
from fanzha.kernel import states
from fanzha.outreach.photos import stripped_copy
from fanzha.public.abuse import PostgresStorage
from fanzha.public.errors import (
    TipAttachmentTooBig,
    TipCategoryUnknown,
    TipDescriptionMissing,
    TipIdentityIncomplete,
    TipIdNumberInvalid,
    TipKeyMissing,
    TipPhoneInvalid,
    TipTextTooLong,
    TipTooManyAttachments,
)
from fanzha.public.tip_models import (
    Tip,
    TipAttachment,
    TipCategory,
    TipChannel,
    TipMessage,
    TipStatus,
)
from fanzha.vault import keys
from fanzha.vault import service as vault

MACHINE = states.machine(
    "tip",
    i18n.TIPS["title"],
    "tips",
    {
        TipStatus.new: {TipStatus.assigned, TipStatus.closed},
        TipStatus.assigned: {TipStatus.closed},
        TipStatus.closed: set(),
    },
    initial={TipStatus.new},
    labels=i18n.TIP_STATUSES,
    action=AuditAction.tip_transition,
    stamps={TipStatus.assigned: "assigned_at", TipStatus.closed: "closed_at"},
)
CODE_DIGITS = 16
TEXT_MAX = 5000
MIB = 1 << 20
KEY_FILE = PROJECT_ROOT / "var" / "tip_code.key"
SEALED_DIR = "tips/sealed"  # the originals, as sent; never served
COPIES_DIR = "tips/copies"  # the stripped copies staff see
THUMB_PX = 360  # the reporter's own pictures on the receipt-code page: light on a weak signal
# scrypt at 16 MiB: a few tens of ms per check, and only the one row the lookup found.
_SCRYPT = {"n": 1 << 14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class Reporter:
    """A 实名 reporter as typed; normalised and checked by `submit`."""

    name: str
    phone: str
    id_number: str


@dataclass(frozen=True)
class Picture:
    filename: str
    content: bytes


def group(code: str) -> str:
    """The code as read aloud and printed: 1234 5678 9012 3456."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(raw: str) -> str:
    """The digits of what the citizen typed (spaces, dashes, full-width digits dropped)."""
    text = (raw or "").translate({0xFF10 + i: 0x30 + i for i in range(10)})
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def _key() -> bytes:
    settings = get_settings()
    if settings.tip_code_key:
        return settings.tip_code_key.encode()
    if not keys.on_embedded_default():
        raise TipKeyMissing()
    return keys.local_key(KEY_FILE, lambda: secrets.token_urlsafe(32)).encode()


def key_ready() -> bool:
    """Whether tips can be taken: a tip key is configured (or made on the embedded default)."""
    try:
        _key()
    except TipKeyMissing:
        return False
    return True


def _lookup(code: str) -> str:
    return hmac.new(_key(), code.encode(), hashlib.sha256).hexdigest()


def _scrypt(code: str, salt: bytes) -> bytes:
    return hashlib.scrypt(code.encode(), salt=salt, **_SCRYPT)


def _text(raw: str, field: str, missing: type[Exception] | None = None) -> str:
    text = (raw or "").strip()
    if not text and missing is not None:
        raise missing(field=field)
    if len(text) > TEXT_MAX:
        raise TipTextTooLong(limit=TEXT_MAX, field=field)
    return text


def _identity(reporter: Reporter) -> vault.Identity:
    name = " ".join(reporter.name.split())
    if not (name and reporter.phone.strip() and reporter.id_number.strip()):
        raise TipIdentityIncomplete(field="name")
    try:
        phone = normalize_phone(reporter.phone).number
    except InvalidIdentifier as exc:
        raise TipPhoneInvalid(field="phone") from exc
    try:
        id_number = normalize_id_number(reporter.id_number).number
    except InvalidIdentifier as exc:
        raise TipIdNumberInvalid(field="id_number") from exc
    return vault.Identity(name=name[:100], phone=phone, id_number=id_number)


def check_pictures(pictures: list[Picture]) -> list[Picture]:
    """The pictures actually sent (empty file fields dropped), within the settings' limits:
    TipTooManyAttachments, TipAttachmentTooBig."""
    settings = get_settings()
    sent = [p for p in pictures if p.content]
    if len(sent) > settings.tip_attachments_max:
        raise TipTooManyAttachments(limit=settings.tip_attachments_max, field="files")
    for picture in sent:
        if len(picture.content) > settings.tip_attachment_mb * MIB:
            raise TipAttachmentTooBig(limit=f"{settings.tip_attachment_mb:g}", field="files")
    return sent


def submit(
    session: Session,
    *,
    category: str,
    description: str,
    reporter: Reporter | None,
    pictures: list[Picture] = (),  # type: ignore[assignment]
    channel: TipChannel = TipChannel.web,
    actor: Principal | None = None,
    code: str | None = None,
) -> tuple[Tip, str]:
    """Take one tip; returns it and its receipt code (16 digits, never stored, shown once).
    `reporter` None is 匿名. `actor` is the officer entering a 110/letter/visit tip (None from
    the public site). Raises TipCategoryUnknown, TipDescriptionMissing, TipTextTooLong,
    TipIdentityIncomplete, TipPhoneInvalid, TipIdNumberInvalid, the attachment errors and
    the outreach photo errors for an unreadable picture, TipKeyMissing (503). `code` is for
    the demo's one known code only; no route passes it."""
    try:
        kind = TipCategory(category)
    except ValueError as exc:
        raise TipCategoryUnknown(field="category") from exc
    text = _text(description, "description", TipDescriptionMissing)
    identity = _identity(reporter) if reporter is not None else None
    sent = check_pictures(list(pictures))
    copies = [(p, *stripped_copy(p.content)) for p in sent]  # refuse before writing anything
    code = code or f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_bytes(16)
    tip = Tip(
        channel=channel,
        category=kind,
        description=text,
        anonymous=identity is None,
        code_lookup=_lookup(code),
        code_salt=salt,
        code_hash=_scrypt(code, salt),
        entered_by_id=actor.user_id if actor else None,
        created_at=clock.now(),
    )
    states.begin(MACHINE, tip, TipStatus.new)
    session.add(tip)
    session.flush()
    if identity is not None:
        record = vault.store(
            session,
            actor or Principal.system(),
            identity,
            subject_kind="tip_reporter",
            subject_ref=tip.id,
        )
        tip.vault_record_id = record.id
    for picture, copy, width, height in copies:
        _keep(session, tip, picture.content, copy, width, height)
    session.flush()
    return tip, code


def _keep(session: Session, tip: Tip, original: bytes, copy: bytes, w: int, h: int) -> None:
    name = secrets.token_hex(12)
    month = clock.local(clock.now(), "%Y/%m")
    original_path = f"{SEALED_DIR}/{month}/{name}.orig"
    copy_path = f"{COPIES_DIR}/{month}/{name}.jpg"
    root = get_settings().files_dir
    _write(root / original_path, original, mode=0o440)
    _write(root / copy_path, copy, mode=0o640)
    session.add(
        TipAttachment(
            tip_id=tip.id,
            original_sha256=hashlib.sha256(original).hexdigest(),
            original_bytes=len(original),
            original_path=original_path,
            copy_path=copy_path,
            width=w,
            height=h,
        )
    )


def _write(path: Path, content: bytes, *, mode: int) -> None:
    # Written beside, then renamed: a half-written file never carries the final name.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    os.chmod(partial, mode)
    partial.replace(path)


def copy_file(attachment: TipAttachment) -> Path:
    """The stripped copy on disk (the only file of an attachment ever served)."""
    return get_settings().files_dir / attachment.copy_path


def _failures():
    limit = parse(f"{get_settings().tip_code_failures_per_hour}/hour")
    return limit


def tries_left(session: Session, client: str) -> bool:
    """Whether `client` (abuse.client_key) may still try a receipt code this hour."""
    limiter = FixedWindowRateLimiter(PostgresStorage(session))
    return limiter.test(_failures(), "tipcode", client)


def find_by_code(session: Session, raw: str, client: str) -> Tip | None:
    """The tip whose receipt code `raw` is (spaces and dashes ignored), or None for a wrong
    code, which counts one failure against `client` in the caller's transaction. It answers
    None rather than raising so that no savepoint around the call can roll the count back;
    the caller shows TipCodeWrong's message."""
    code = normalise_code(raw)
    tip = None
    if len(code) == CODE_DIGITS:
        tip = session.scalar(select(Tip).where(Tip.code_lookup == _lookup(code)))
    if tip is None or not hmac.compare_digest(tip.code_hash, _scrypt(code, tip.code_salt)):
        FixedWindowRateLimiter(PostgresStorage(session)).hit(_failures(), "tipcode", client)
        return None
    return tip


def reporter_thumbnails(session: Session, tip: Tip, px: int = THUMB_PX) -> list[str]:
    """The tip's pictures as the reporter sees them on the receipt-code page: small JPEGs of
    the stripped copies (never the originals), as data URIs inside the page itself, since a
    picture fetched by its own URL would need the code in that URL, or no code at all."""
    uris = []
    for attachment in attachments(session, tip):
        try:
            with Image.open(copy_file(attachment)) as image:
                small = image.convert("RGB")
                small.thumbnail((px, px))
        except OSError:  # a copy lost from disk: the others still show
            continue
        out = io.BytesIO()
        Image.frombytes("RGB", small.size, small.tobytes()).save(out, "JPEG", quality=70)
        uris.append("data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode())
    return uris


def code_matches(tip: Tip, raw: str) -> bool:
    """Whether `raw` (spaces and dashes ignored) is `tip`'s receipt code: for staff at the
    counter, who hold the tip already; counts nothing (staff are signed in and audited)."""
    code = normalise_code(raw)
    return (
        len(code) == CODE_DIGITS
        and hmac.compare_digest(tip.code_lookup, _lookup(code))
        and hmac.compare_digest(tip.code_hash, _scrypt(code, tip.code_salt))
    )


def messages(session: Session, tip: Tip) -> list[TipMessage]:
    """The tip's messages, oldest first."""
    return list(
        session.scalars(
            select(TipMessage)
            .where(TipMessage.tip_id == tip.id)
            .order_by(TipMessage.created_at, TipMessage.id)
        )
    )


def attachments(session: Session, tip: Tip) -> list[TipAttachment]:
    return list(
        session.scalars(
            select(TipAttachment).where(TipAttachment.tip_id == tip.id).order_by(TipAttachment.id)
        )
    )


def add_from_reporter(
    session: Session,
    tip: Tip,
    body: str,
    pictures: list[Picture] = (),  # type: ignore[assignment]
) -> TipMessage | None:
    """The reporter answers or adds material: a message (may be empty when only pictures
    come) and pictures. Raises TipDescriptionMissing when both are empty, and the attachment
    errors."""
    text = _text(body, "body")
    sent = check_pictures(list(pictures))
    if not text and not sent:
        raise TipDescriptionMissing(field="body")
    copies = [(p, *stripped_copy(p.content)) for p in sent]
    message = None
    if text:
        message = TipMessage(tip_id=tip.id, from_center=False, body=text, created_at=clock.now())
        session.add(message)
    for picture, copy, width, height in copies:
        _keep(session, tip, picture.content, copy, width, height)
    session.flush()
    return message


def reply(session: Session, actor: Principal, tip: Tip, body: str) -> TipMessage:
    """A reply of the center to the reporter, shown on the receipt-code page. Raises
    TipDescriptionMissing (empty), TipTextTooLong."""
    text = _text(body, "body", TipDescriptionMissing)
    message = TipMessage(
        tip_id=tip.id, from_center=True, author_id=actor.user_id, body=text, created_at=clock.now()
    )
    session.add(message)
    session.flush()
    return message
