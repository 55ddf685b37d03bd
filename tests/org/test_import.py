"""Excel import of staff and grids: a template to download, the good rows stored, each bad row
reported, a re-import adding nothing twice."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fanzha.auth.models import Role
from fanzha.org.models import Grid, Staff
from tests.helpers import audit_entries, csrf_token, login, unit_of, user

pytestmark = pytest.mark.usefixtures("city")

STAFF_HEADER = ["姓名", "类别", "手机号", "身份证号", "警号", "单位代码", "网格代码", "劝阻员"]


def xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, kind: str, content: bytes):
    return client.post(
        f"/org/import/{kind}",
        data={"csrf_token": csrf_token(client)},
        files={"file": ("名单.xlsx", content)},
    )


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


class TestTemplate:
    def test_the_staff_template_has_the_headers_and_a_kind_drop_down(self, client):
        login(client, "admin")
        response = client.get("/org/import/staff/template")
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        wb = load_workbook(io.BytesIO(response.content))
        sheet = wb.worksheets[0]
        assert [c.value for c in sheet[1]] == STAFF_HEADER
        assert any("民警" in dv.formula1 for dv in sheet.data_validations.dataValidation)
        assert wb.sheetnames == ["人员", "填写说明"]

    def test_a_filled_in_template_imports(self, client, session):
        login(client, "admin")
        template = load_workbook(io.BytesIO(client.get("/org/import/staff/template").content))
        code = unit_of(session, "station_a").code
        template.active.append(["黄海涛", "民警", "13512340001", "", "880001", code, "", "是"])
        buffer = io.BytesIO()
        template.save(buffer)
        response = upload(client, "staff", buffer.getvalue())
        assert response.status_code == 200
        assert "已导入 1 行" in response.text


class TestStaffImport:
    def test_good_rows_are_all_written_in_one_go(self, client, session):
        login(client, "admin")
        station = unit_of(session, "station_a")
        before = count(session, Staff)
        content = xlsx(
            STAFF_HEADER,
            [
                ["周建国", "民警", "13812340001", "", "770001", station.code, "", "是"],
                ["吴丽", "辅警", 13812340002, "", "", station.code, "", ""],  # a number cell
                ["郑小红", "志愿者", "+86 138 1234 0003", "", "", station.code, "", "否"],
            ],
        )
        response = upload(client, "staff", content)
        assert response.status_code == 200
        assert "已导入 3 行，此前已导入 0 行" in response.text
        assert count(session, Staff) == before + 3
        wu = session.scalar(select(Staff).where(Staff.phone == "+8613812340002"))
        assert wu.name == "吴丽" and not wu.is_dissuader
        detail = audit_entries(session, "org.import.staff")[-1].detail
        assert detail == {"rows": 3, "existing": 0, "refused": 0}
        again = upload(client, "staff", content)
        assert again.status_code == 200
        assert "已导入 0 行，此前已导入 3 行" in again.text and "行有误" not in again.text
        assert count(session, Staff) == before + 3

    def test_bad_rows_are_reported_by_row_and_the_good_ones_stored(self, client, session):
        login(client, "admin")
        station = unit_of(session, "station_a")
        before = count(session, Staff)
        content = xlsx(
            STAFF_HEADER,
            [
                ["周建国", "民警", "13812340011", "", "", station.code, "", "是"],  # row 2: fine
                ["吴丽", "保安", "13812340012", "", "", station.code, "", ""],  # row 3: kind
                ["郑小红", "志愿者", "1381234", "", "", station.code, "", ""],  # row 4: phone
                [None, None, None, None, None, None, None, None],  # row 5: blank
                ["钱多多", "志愿者", "13812340011", "", "", "NOPE", "", ""],  # row 6: dup, unit
                ["孙丽", "网格员", "13812340013", "", "", station.code, "", ""],  # row 7: fine
            ],
        )
        response = upload(client, "staff", content)
        assert response.status_code == 200
        assert "已导入 2 行" in response.text and "另有 3 行有误，未导入" in response.text
        assert "第 3 行" in response.text and "不在可选范围内" in response.text
        assert "第 4 行" in response.text and "电话号码无效" in response.text
        assert "第 6 行" in response.text and "与第 2 行重复" in response.text
        assert "单位代码不存在或不在您的管辖范围：NOPE" in response.text
        assert "第 5 行" not in response.text
        assert "第 2 行</td>" not in response.text and "第 7 行</td>" not in response.text
        assert count(session, Staff) == before + 2
        stored = set(session.scalars(select(Staff.phone).where(Staff.phone.like("+861381234001%"))))
        assert stored == {"+8613812340011", "+8613812340013"}
        again = upload(client, "staff", content)  # the same file again: nothing doubled
        assert "已导入 0 行，此前已导入 2 行" in again.text and "另有 3 行有误" in again.text
        assert count(session, Staff) == before + 2

    def test_a_phone_already_in_the_database_is_reported(self, client, session):
        login(client, "admin")
        existing = session.scalars(select(Staff).order_by(Staff.id)).first()
        content = xlsx(
            STAFF_HEADER,
            [["新人", "辅警", existing.phone, "", "", unit_of(session, "station_a").code, "", ""]],
        )
        response = upload(client, "staff", content)
        assert response.status_code == 422  # its only row refused
        assert "手机号已登记" in response.text

    def test_a_station_cannot_import_into_a_sibling(self, client, session):
        user(session, "station_a").role = Role.admin
        session.flush()
        login(client, "station_a")
        content = xlsx(
            STAFF_HEADER,
            [["新人", "辅警", "13812340099", "", "", unit_of(session, "station_b").code, "", ""]],
        )
        response = upload(client, "staff", content)
        assert response.status_code == 422
        assert "不在您的管辖范围" in response.text

    @pytest.mark.parametrize(
        "content,message",
        [
            (b"this is not a spreadsheet", "无法读取文件"),
            (xlsx(["姓名", "电话"], [["张三", "13812345678"]]), "表头与模板不符，缺少列：类别"),
        ],
    )
    def test_files_that_are_not_the_template(self, client, content, message):
        login(client, "admin")
        response = upload(client, "staff", content)
        assert response.status_code == 422
        assert message in response.text


GRID_HEADER = ["网格代码", "网格名称", "单位代码", "户数"]


class TestGridImport:
    def test_grids_with_household_counts(self, client, session):
        login(client, "admin")
        community = unit_of(session, "dissuader_a")
        content = xlsx(
            GRID_HEADER,
            [
                ["TG01", "试点第一网格", community.code, 420],
                ["TG02", "试点第二网格", community.code, "385"],
            ],
        )
        response = upload(client, "grids", content)
        assert response.status_code == 200
        assert session.scalar(select(Grid.households).where(Grid.code == "TG01")) == 420

    def test_bad_household_counts_and_duplicates(self, client, session):
        login(client, "admin")
        community = unit_of(session, "dissuader_a")
        existing = session.scalars(select(Grid.code)).first()
        content = xlsx(
            GRID_HEADER,
            [
                ["TG11", "甲", community.code, "三百"],
                [existing, "乙", community.code, 10],
                ["TG12", "丙", community.code, -1],
                ["TG13", "丁", community.code, 12],
            ],
        )
        response = upload(client, "grids", content)
        assert response.status_code == 200
        assert "已导入 1 行" in response.text and "另有 3 行有误" in response.text
        assert "请输入整数" in response.text
        assert f"网格代码已存在：{existing}" in response.text
        assert "不能小于0" in response.text
        assert session.scalar(select(Grid).where(Grid.code == "TG11")) is None
        assert session.scalar(select(Grid.households).where(Grid.code == "TG13")) == 12
        again = upload(client, "grids", content)
        assert "已导入 0 行，此前已导入 1 行" in again.text
        assert session.scalar(select(func.count()).where(Grid.code == "TG13")) == 1
