"""线索举报 on the citizens' site: a tip takes a 16-digit receipt code shown once (never in a
URL), the code alone opens the tip again, wrong codes are counted and refused, 实名 identities
go to the vault only, pictures lose their metadata, and nothing of it reaches a log."""

from __future__ import annotations

import io
import logging
import re

import pytest
from PIL import Image
from sqlalchemy import select

from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.public import tips
from fanzha.public.tip_models import Tip, TipAttachment
from fanzha.vault.models import VaultRecord
from tests.helpers import CANARY_ID_NUMBER, CANARY_NAMES, CANARY_PHONE, post_form

pytestmark = pytest.mark.usefixtures("city")

CODE = re.compile(r"data-code>(\d{4} \d{4} \d{4} \d{4})<")
STAFF = Principal.system()


def submit(client, **extra):
    data = {"category": "cards", "description": "有人在菜市场收购银行卡，每张 500 元", **extra}
    return post_form(client, "/public/tips/new", data)


def receipt_code(response) -> str:
    found = CODE.search(response.text)
    assert found, response.text[:500]
    return found.group(1)


def test_an_anonymous_tip_shows_its_code_once_and_the_code_opens_it(client, session):
    form = client.get("/public/tips/new")
    assert "丢失后无法找回" in form.text
    response = submit(client)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    code = receipt_code(response)
    assert "data:image/png;base64," in response.text and "我已保存" in response.text
    tip = session.scalars(select(Tip).order_by(Tip.id.desc())).first()
    assert tip.anonymous and tip.vault_record_id is None
    digits = code.replace(" ", "")
    # Only hashes are kept: neither the code nor its digits are in the row.
    assert digits not in tip.code_lookup and digits.encode() not in tip.code_hash
    tips.reply(session, STAFF, tip, "谢谢您的举报，请问收卡的人常在几点出现？")
    page = post_form(client, "/public/tips/check", {"code": code})
    assert page.status_code == 200
    assert "请问收卡的人常在几点出现" in page.text
    added = post_form(client, "/public/tips/check/add", {"code": digits, "body": "每天早上七点"})
    assert added.status_code == 200 and "已收到您的补充" in added.text
    assert "每天早上七点" in added.text


def test_a_wrong_code_is_refused_in_chinese_and_counted_until_refused_for_the_hour(
    client, monkeypatch
):
    monkeypatch.setattr(get_settings(), "tip_code_failures_per_hour", 3)
    for _ in range(3):
        wrong = post_form(client, "/public/tips/check", {"code": "1234 5678 9012 3456"})
        assert wrong.status_code == 422 and "回执码不正确" in wrong.text
    refused = post_form(client, "/public/tips/check", {"code": "1234 5678 9012 3456"})
    assert refused.status_code == 429 and "输错次数过多" in refused.text


def test_a_named_tip_keeps_the_identity_in_the_vault_only(client, session):
    response = submit(
        client,
        mode="named",
        name=CANARY_NAMES[0],
        phone=CANARY_PHONE,
        id_number=CANARY_ID_NUMBER,
    )
    assert response.status_code == 200, response.text
    tip = session.scalars(select(Tip).order_by(Tip.id.desc())).first()
    assert not tip.anonymous
    record = session.get(VaultRecord, tip.vault_record_id)
    assert record.subject_kind == "tip_reporter" and record.subject_ref == str(tip.id)
    assert CANARY_NAMES[0].encode() not in record.token
    assert CANARY_PHONE not in response.text and CANARY_ID_NUMBER not in response.text


def test_named_without_an_id_number_is_refused_beside_the_field(client):
    response = submit(client, mode="named", name="张三", phone="13912345678", id_number="")
    assert response.status_code == 422
    assert "请填写姓名、手机号码和身份证号码" in response.text


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "CanaryCamera"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_picture_is_kept_sealed_and_staff_get_a_copy_without_metadata(
    session, tmp_path, monkeypatch
):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    original = _jpeg_with_exif()
    tip, code = tips.submit(
        session,
        category="den",
        description="某小区 3 栋有人整夜打电话",
        reporter=None,
        pictures=[tips.Picture("a.jpg", original)],
    )
    (attachment,) = session.scalars(select(TipAttachment).where(TipAttachment.tip_id == tip.id))
    assert (tmp_path / attachment.original_path).read_bytes() == original
    copy = tips.copy_file(attachment).read_bytes()
    assert b"CanaryCamera" in original and b"CanaryCamera" not in copy
    assert len(code) == 16 and code.isdigit()


def test_too_many_pictures_are_refused_with_the_limit(session, monkeypatch):
    monkeypatch.setattr(get_settings(), "tip_attachments_max", 1)
    pictures = [tips.Picture("a.jpg", _jpeg_with_exif())] * 2
    with pytest.raises(Exception, match="最多上传 1 张"):
        tips.submit(session, category="den", description="x", reporter=None, pictures=pictures)


def test_the_lookup_finds_only_the_exact_code(session):
    tip, code = tips.submit(session, category="site", description="假冒银行网址", reporter=None)
    assert tips.find_by_code(session, tips.group(code), "client-a").id == tip.id
    changed = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert tips.find_by_code(session, changed, "client-a") is None


def test_tip_pages_log_no_ip_user_agent_code_or_content(client, caplog):
    agent = "Mozilla/5.0 (Linux; Android 9; Tip-Canary-Agent)"
    client.headers["user-agent"] = agent
    with caplog.at_level(logging.DEBUG):
        client.get("/public/tips/new")
        response = submit(
            client,
            description=f"收卡人电话 {CANARY_PHONE}，叫{CANARY_NAMES[1]}",
            mode="named",
            name=CANARY_NAMES[2],
            phone=CANARY_PHONE,
            id_number=CANARY_ID_NUMBER,
        )
        code = receipt_code(response)
        post_form(client, "/public/tips/check", {"code": code})
        post_form(client, "/public/tips/check/add", {"code": code, "body": CANARY_NAMES[3]})
        post_form(client, "/public/tips/check", {"code": "0000 0000 0000 0000"})
    assert caplog.records  # the requests were logged: the scan has lines to read
    logged = "\n".join(r.getMessage() + str(r.args) + str(r.exc_text or "") for r in caplog.records)
    for needle in (
        "testclient",
        "Tip-Canary-Agent",
        CANARY_PHONE,
        CANARY_ID_NUMBER,
        code,
        code.replace(" ", ""),
        *CANARY_NAMES[1:4],
        "收卡人电话",
    ):
        assert needle not in logged


def test_the_processes_serve_starts_on_the_embedded_database_take_tips(
    session, monkeypatch: pytest.MonkeyPatch
):
    """`fanzha serve` hands its workers the embedded database's URL: they still take tips with
    the key made for it; an operator's database without FANZHA_TIP_CODE_KEY takes none."""
    settings = get_settings()
    monkeypatch.setattr(settings, "tip_code_key", "")
    monkeypatch.setattr(settings, "database_url", "postgresql://localhost/fanzha")
    monkeypatch.setattr(settings, "embedded_database", True)
    assert tips.key_ready()
    monkeypatch.setattr(settings, "embedded_database", False)
    assert not tips.key_ready()
