"""Visit photos: the copy staff see carries no metadata (EXIF, GPS) and stands upright, the
original is sealed as sent (hashed, never served), and the limits per photo and per uploader
per day refuse with the limit named."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select

from fanzha.auth import service as auth
from fanzha.config import get_settings
from fanzha.outreach import photos, sync
from fanzha.outreach.field_errors import (
    PhotoDayLimit,
    PhotoTooBig,
    PhotoUnreadable,
    PhotoUuidTaken,
)
from tests.helpers import csrf_token, login, user
from tests.outreach.records import add_households, grids_of, principal, running_campaign
from tests.outreach.records import visit as visit_item

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def camera_jpeg(width: int = 64, height: int = 32, *, noise: bool = False) -> bytes:
    """A JPEG as a phone writes it: GPS position, camera make, rotated by EXIF orientation."""
    image = (
        Image.effect_noise((width, height), 80).convert("RGB")
        if noise
        else Image.new("RGB", (width, height), (200, 30, 30))
    )
    exif = Image.Exif()
    exif[MAKE] = "TestPhone"
    exif[ORIENTATION] = 6  # shot sideways: viewers turn it 90°
    exif[GPS_IFD] = {1: "N", 2: (32.0, 23.0, 40.0), 3: "E", 4: (119.0, 25.0, 12.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at the door")
    return out.getvalue()


@pytest.fixture
def files(tmp_path, monkeypatch):
    settings = get_settings()
    monkeypatch.setattr(settings, "files_dir", tmp_path)
    return tmp_path


@pytest.fixture
def visitor(session, city):
    return auth.user_principal(user(session, "dissuader_a"))


def test_the_copy_has_no_exif_and_stands_upright_and_the_original_is_sealed(
    session, files, visitor
):
    sent = camera_jpeg()
    assert Image.open(io.BytesIO(sent)).getexif().get(MAKE) == "TestPhone"

    photo = photos.store(session, visitor, uuid.uuid4(), sent)

    copy = Image.open(photos.copy_file(photo))
    assert copy.format == "JPEG"
    assert dict(copy.getexif()) == {}
    assert "exif" not in copy.info and "comment" not in copy.info
    assert copy.size == (32, 64) == (photo.width, photo.height)  # turned by the orientation
    sealed = files / photo.original_path
    assert sealed.read_bytes() == sent
    assert photo.original_sha256 == hashlib.sha256(sent).hexdigest()
    assert not (sealed.stat().st_mode & 0o222)  # nobody may write over the original


def test_sending_the_same_photo_again_keeps_one(session, files, visitor):
    key = uuid.uuid4()
    first = photos.store(session, visitor, key, camera_jpeg())
    again = photos.store(session, visitor, key, camera_jpeg())
    assert again.id == first.id
    count = session.scalar(
        select(func.count())
        .select_from(photos.VisitPhoto)
        .where(photos.VisitPhoto.client_uuid == key)
    )
    assert count == 1


def test_another_users_uuid_is_refused(session, files, visitor):
    key = uuid.uuid4()
    photos.store(session, visitor, key, camera_jpeg())
    other = auth.user_principal(user(session, "station_a"))
    with pytest.raises(PhotoUuidTaken):
        photos.store(session, other, key, camera_jpeg())


def test_a_photo_over_the_limit_is_refused_with_the_limit_named(
    session, files, visitor, monkeypatch
):
    monkeypatch.setattr(get_settings(), "outreach_photo_mb", 0.01)
    big = camera_jpeg(400, 400, noise=True)
    assert len(big) > 0.01 * (1 << 20)
    with pytest.raises(PhotoTooBig) as refused:
        photos.store(session, visitor, uuid.uuid4(), big)
    assert refused.value.message == "照片超过单张上限 0.01 MB，请压缩后再传"
    assert not list(files.rglob("*.orig"))


def test_the_days_limit_counts_the_uploaders_originals(session, files, visitor, monkeypatch):
    one = camera_jpeg(300, 300, noise=True)
    monkeypatch.setattr(get_settings(), "outreach_photo_day_mb", 1.5 * len(one) / (1 << 20))
    photos.store(session, visitor, uuid.uuid4(), one)
    with pytest.raises(PhotoDayLimit) as refused:
        photos.store(session, visitor, uuid.uuid4(), one)
    assert "每人每日上限" in refused.value.message
    # Someone else's day is their own.
    other = auth.user_principal(user(session, "station_a"))
    photos.store(session, other, uuid.uuid4(), one)


def test_what_is_not_a_photo_is_refused(session, files, visitor):
    with pytest.raises(PhotoUnreadable):
        photos.store(session, visitor, uuid.uuid4(), b"%PDF-1.7 not a picture")


def test_upload_from_the_field_page_and_staff_see_only_the_copy(client, session, files, city):
    login(client, "dissuader_a")
    key = str(uuid.uuid4())
    sent = camera_jpeg()
    answer = client.post(
        "/outreach/field/photos",
        data={"uuid": key},
        files={"file": ("p.jpg", sent, "image/jpeg")},
        headers={"X-CSRF-Token": csrf_token(client)},
    )
    assert answer.status_code == 200, answer.text
    photo_id = answer.json()["id"]
    assert answer.json()["uuid"] == key
    # The dissuader records visits; reading photos is for those who read coverage.
    assert client.get(f"/outreach/photos/{photo_id}").status_code == 403

    client.cookies.clear()
    login(client, "station_a")
    shown = client.get(f"/outreach/photos/{photo_id}")
    assert shown.status_code == 200
    assert shown.headers["content-type"] == "image/jpeg"
    assert shown.content != sent
    assert dict(Image.open(io.BytesIO(shown.content)).getexif()) == {}


def test_an_oversized_upload_is_answered_in_chinese(client, files, city, monkeypatch):
    monkeypatch.setattr(get_settings(), "outreach_photo_mb", 0.01)
    login(client, "dissuader_a")
    answer = client.post(
        "/outreach/field/photos",
        data={"uuid": str(uuid.uuid4())},
        files={"file": ("p.jpg", camera_jpeg(400, 400, noise=True), "image/jpeg")},
        headers={"X-CSRF-Token": csrf_token(client)},
    )
    assert answer.status_code == 413
    assert "照片超过单张上限 0.01 MB" in answer.text


def test_a_photo_far_over_its_limit_is_told_the_photo_limit_not_the_excel_one(
    client, files, city, monkeypatch
):
    """Refused before it is read (the body cap), with the limit the photo store applies: it
    was told 文件超过 20 MB 上限 (the Excel limit) and, once smaller, 照片超过单张上限 10 MB."""
    monkeypatch.setattr(get_settings(), "outreach_photo_mb", 0.01)
    login(client, "dissuader_a")
    answer = client.post(
        "/outreach/field/photos",
        data={"uuid": str(uuid.uuid4())},
        files={"file": ("p.jpg", camera_jpeg() + b"\0" * (2 << 20), "image/jpeg")},
        headers={"X-CSRF-Token": csrf_token(client)},
    )
    assert answer.status_code == 413
    assert "超过 0.01 MB 上限" in answer.text


def test_a_visit_cannot_carry_another_units_photo(session, files, visitor):
    theirs = photos.store(session, visitor, uuid.uuid4(), camera_jpeg())
    station_b = principal(session, "station_b")
    home = add_households(session, grids_of(session, station_b)[0], 1)[0]
    campaign = running_campaign(session, station_b)
    [answer] = sync.sync_visits(
        session, station_b, campaign.id, [visit_item(home, photo_id=theirs.id)]
    )
    assert answer.status == "refused"
    assert answer.message == "照片不存在或不是本单位上传的，走访未记录"
