"""Door-knock visit photos: one upload per photo (idempotent on the phone's UUID), the original
sealed on disk (hashed, never served) and an EXIF-free copy for staff, both under the files
directory that `fanzha backup` copies. Limits per photo and per uploader per local day come
from the settings and are refused with the limit named.

A photo is taken before its visit syncs (the phone uploads it first, then sends the visit with
its `photo_id`), so it belongs to the uploader's unit, not to a household.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid as uuid_module
import warnings
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import ForeignKey, String, Uuid, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from fanzha import clock
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.db import Base
from fanzha.org.scope import unit_owned
from fanzha.outreach.field_errors import (
    PhotoDayLimit,
    PhotoMissing,
    PhotoTooBig,
    PhotoTooManyPixels,
    PhotoUnreadable,
    PhotoUuidTaken,
)

MIB = 1 << 20
PHOTOS_DIR = "outreach/photos"  # the copies staff see
SEALED_DIR = "outreach/sealed"  # the originals, as the phone sent them
READABLE = frozenset({"JPEG", "PNG", "WEBP", "MPO"})  # MPO: phones' multi-picture JPEGs


@unit_owned("unit_id")
class VisitPhoto(Base):
    __tablename__ = "visit_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made by the phone when the photo was taken: a re-sent upload finds its first row.
    client_uuid: Mapped[uuid_module.UUID] = mapped_column(Uuid, unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # Indexed: 走访记录 finds the visits that show the same picture (照片重复).
    original_sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_bytes: Mapped[int]
    original_path: Mapped[str] = mapped_column(String(200))
    copy_path: Mapped[str] = mapped_column(String(200))
    copy_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]


def store(
    session: Session, actor: Principal, client_uuid: uuid_module.UUID, content: bytes
) -> VisitPhoto:
    """Keep one photo: the original sealed (sha256 recorded), a stripped JPEG copy (EXIF, GPS
    and every other metadata gone, turned upright, longest side at most
    `outreach_photo_copy_px`). Sending the same UUID again returns the first row unchanged.

    Raises PhotoMissing (empty), PhotoTooBig (over `outreach_photo_mb`), PhotoDayLimit (the
    uploader's originals today would pass `outreach_photo_day_mb`), PhotoUnreadable (not a
    JPEG/PNG/WebP image), PhotoTooManyPixels, PhotoUuidTaken (the UUID is another user's)."""
    existing = session.scalar(select(VisitPhoto).where(VisitPhoto.client_uuid == client_uuid))
    if existing is not None:
        if existing.uploaded_by_id != actor.user_id:
            raise PhotoUuidTaken()
        return existing
    settings = get_settings()
    if not content:
        raise PhotoMissing(field="file")
    if len(content) > settings.outreach_photo_mb * MIB:
        raise PhotoTooBig(limit=_mb(settings.outreach_photo_mb), field="file")
    today = uploaded_today(session, actor)
    if today + len(content) > settings.outreach_photo_day_mb * MIB:
        raise PhotoDayLimit(limit=_mb(settings.outreach_photo_day_mb), field="file")
    copy, width, height = stripped_copy(content)
    now = clock.now()
    month = clock.local(now, "%Y/%m")
    original_path = f"{SEALED_DIR}/{month}/{client_uuid}.orig"
    copy_path = f"{PHOTOS_DIR}/{month}/{client_uuid}.jpg"
    root = settings.files_dir
    _write(root / original_path, content, mode=0o440)
    _write(root / copy_path, copy, mode=0o640)
    photo = VisitPhoto(
        client_uuid=client_uuid,
        unit_id=actor.unit_id,
        uploaded_by_id=actor.user_id,
        uploaded_at=now,
        original_sha256=hashlib.sha256(content).hexdigest(),
        original_bytes=len(content),
        original_path=original_path,
        copy_path=copy_path,
        copy_bytes=len(copy),
        width=width,
        height=height,
    )
    session.add(photo)
    session.flush()
    return photo


def uploaded_today(session: Session, actor: Principal) -> int:
    """Bytes of originals the actor uploaded since midnight, Shanghai time."""
    since = clock.day_start(clock.now().astimezone(clock.SHANGHAI).date())
    total = session.scalar(
        select(func.coalesce(func.sum(VisitPhoto.original_bytes), 0)).where(
            VisitPhoto.uploaded_by_id == actor.user_id, VisitPhoto.uploaded_at >= since
        )
    )
    return int(total or 0)


def stripped_copy(content: bytes) -> tuple[bytes, int, int]:
    """A JPEG of the photo with no metadata at all (EXIF, GPS, XMP, ICC, comments), turned
    upright by its EXIF orientation first; (bytes, width, height) of the copy."""
    settings = get_settings()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in READABLE:
                raise PhotoUnreadable(field="file")
            if image.width * image.height > settings.outreach_photo_max_pixels:
                raise PhotoTooManyPixels(
                    limit=settings.outreach_photo_max_pixels // 10_000, field="file"
                )
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoUnreadable(field="file") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoTooManyPixels(
            limit=settings.outreach_photo_max_pixels // 10_000, field="file"
        ) from exc
    upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((settings.outreach_photo_copy_px, settings.outreach_photo_copy_px))
    # A new image from the pixels alone: nothing of the original's `info` can ride along.
    clean = Image.frombytes("RGB", upright.size, upright.tobytes())
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), clean.width, clean.height


def copy_file(photo: VisitPhoto) -> Path:
    """Where the stripped copy of `photo` is on disk (the only file of it ever served)."""
    return get_settings().files_dir / photo.copy_path


def _write(path: Path, content: bytes, *, mode: int) -> None:
    # Written beside, then renamed: a half-written file never carries the final name.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(content)
    os.chmod(partial, mode)
    partial.replace(path)


def _mb(value: float) -> str:
    return f"{value:g}"
