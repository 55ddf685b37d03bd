"""The reporter sees their own pictures on the receipt-code page: small copies without any
metadata, inside the page (no picture URL a stranger could open by id)."""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image

from fanzha.config import get_settings
from tests.helpers import post_form
from tests.public.test_tips import _jpeg_with_exif, receipt_code

pytestmark = pytest.mark.usefixtures("city")
PICTURE = re.compile(r'<img src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)" alt="您发送的图片')


def test_the_receipt_code_page_shows_the_reporters_pictures_without_metadata(
    client, tmp_path, monkeypatch
):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    sent = post_form(
        client,
        "/public/tips/new",
        {"category": "den", "description": "某小区 3 栋有人整夜打电话"},
        files=[("files", ("a.jpg", _jpeg_with_exif(), "image/jpeg"))],
    )
    code = receipt_code(sent)
    page = post_form(client, "/public/tips/check", {"code": code})
    assert page.status_code == 200 and "您发送的图片（已去除拍摄位置等附加信息）" in page.text
    [shown] = PICTURE.findall(page.text)
    picture = base64.b64decode(shown)
    assert b"CanaryCamera" not in picture
    image = Image.open(io.BytesIO(picture))
    assert image.format == "JPEG" and not image.getexif() and image.size == (40, 30)
    assert "/attachments/" not in page.text  # nothing to fetch by id
