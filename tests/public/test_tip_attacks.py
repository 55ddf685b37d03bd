"""线索举报 under attack: wrong and malformed codes, another tip's pictures by id, oversized,
fake and bomb uploads, markup in a description shown to staff. Each is answered in Chinese,
stores nothing it should not, and leaks nothing."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image
from sqlalchemy import func, select

from fanzha.config import get_settings
from fanzha.public import tips
from fanzha.public.tip_models import Tip, TipAttachment
from tests.helpers import login, post_form
from tests.public.test_tips import _jpeg_with_exif, receipt_code

pytestmark = pytest.mark.usefixtures("city")
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _tip(client, files=(), **extra):
    data = {"category": "den", "description": "某小区 3 栋有人整夜打电话", **extra}
    return post_form(client, "/public/tips/new", data, files=list(files))


def _noise_png(side: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def _tips(session) -> int:
    return session.scalar(select(func.count()).select_from(Tip))


def test_malformed_codes_are_wrong_codes_not_errors(client):
    for raw in ("", "1" * 15, "1" * 17, "１２３４" * 4 + "5", "' OR 1=1 --", "9" * 5000):
        wrong = post_form(client, "/public/tips/check", {"code": raw})
        assert wrong.status_code == 422 and "回执码不正确" in wrong.text, raw[:20]


def test_once_tries_run_out_even_the_right_code_waits_and_adding_counts_too(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "tip_code_failures_per_hour", 2)
    code = receipt_code(_tip(client))
    post_form(client, "/public/tips/check/add", {"code": "0" * 16, "body": "补充"})
    post_form(client, "/public/tips/check", {"code": "0" * 16})
    right = post_form(client, "/public/tips/check", {"code": code})
    assert right.status_code == 429 and "输错次数过多" in right.text
    assert "某小区" not in right.text


def test_a_picture_is_never_served_by_id_to_anyone_not_signed_in(
    client, session, tmp_path, monkeypatch
):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    tip, _ = tips.submit(
        session,
        category="den",
        description="窝点照片",
        reporter=None,
        pictures=[tips.Picture("a.jpg", _jpeg_with_exif())],
    )
    [picture] = session.scalars(select(TipAttachment).where(TipAttachment.tip_id == tip.id))
    session.flush()
    for url in (
        f"/tips/{tip.id}/attachments/{picture.id}",
        f"/public/tips/{tip.id}/attachments/{picture.id}",
        f"/public/tips/attachments/{picture.id}",
    ):
        response = client.get(url, follow_redirects=False)
        assert response.status_code in (303, 404), url
        assert not response.content.startswith(b"\xff\xd8"), url  # no JPEG


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not a picture at all", "无法识别"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "无法识别"),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused_beside_the_field(
    client, session, tmp_path, monkeypatch, content, message
):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    before = _tips(session)
    refused = _tip(client, [("files", ("a.jpg", content, "image/jpeg"))])
    assert refused.status_code == 422 and message in refused.text
    assert 'class="p-field-error"' in refused.text and "某小区 3 栋" in refused.text
    assert _tips(session) == before and not list(tmp_path.rglob("*.orig"))


def test_a_decompression_bomb_is_refused_by_its_pixels(client, session, tmp_path, monkeypatch):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    monkeypatch.setattr(get_settings(), "outreach_photo_max_pixels", 10_000)
    bomb = io.BytesIO()
    Image.new("1", (400, 400)).save(bomb, "PNG")  # a few hundred bytes, 160,000 pixels
    refused = _tip(client, [("files", ("bomb.png", bomb.getvalue(), "image/png"))])
    assert refused.status_code == 422 and "像素" in refused.text
    assert not list(tmp_path.rglob("*.orig"))


def test_too_big_and_too_many_pictures_are_refused_with_the_limits(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "tip_attachment_mb", 0.01)
    big = _tip(client, [("files", ("a.png", _noise_png(80), "image/png"))])
    assert big.status_code == 422 and "0.01" in big.text
    monkeypatch.setattr(get_settings(), "tip_attachment_mb", 8)
    monkeypatch.setattr(get_settings(), "tip_attachments_max", 1)
    pictures = [("files", (f"{n}.jpg", _jpeg_with_exif(), "image/jpeg")) for n in range(2)]
    many = _tip(client, pictures)
    assert many.status_code == 422 and "1" in many.text and "图片" in many.text


def test_pictures_within_the_tip_limits_are_taken_even_above_the_excel_upload_cap(
    client, session, tmp_path, monkeypatch
):
    # Three pictures each within the tip limit may add up past the body cap every other
    # upload has (the Excel limit): the tip form must still take them.
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    monkeypatch.setattr(get_settings(), "upload_excel_mb", 0.25)
    monkeypatch.setattr(get_settings(), "tip_attachment_mb", 1)
    pictures = [("files", (f"{n}.png", _noise_png(400), "image/png")) for n in range(3)]
    assert sum(len(p[1][1]) for p in pictures) > 1.25 * (1 << 20)
    taken = _tip(client, pictures)
    assert taken.status_code == 200 and receipt_code(taken)
    assert len(list(tmp_path.rglob("*.orig"))) == 3


def test_markup_in_a_tip_is_shown_to_staff_as_text(client, session, tmp_path, monkeypatch):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    code = receipt_code(_tip(client, description=XSS))
    post_form(client, "/public/tips/check/add", {"code": code, "body": XSS})
    tip = session.scalars(select(Tip).order_by(Tip.id.desc()).limit(1)).one()
    login(client, "duty")
    for url in (f"/tips/{tip.id}", f"/tips?q={tip.id}", f"/rewards/new?tip_id={tip.id}"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, url
    assert "&lt;script&gt;alert" in client.get(f"/tips/{tip.id}").text
