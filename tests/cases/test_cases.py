"""Cases: the report form with pasted transfers, drafts from 已被骗, the state machine, and
预后被骗 matching with its rate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases import service
from fanzha.cases.models import Case, CaseStatus
from fanzha.cases.schemas import CaseIn
from fanzha.warnings import ladder
from fanzha.warnings.models import Outcome
from tests.desk.test_confirm_and_history import confirm_value
from tests.helpers import audit_entries, csrf_token, login, post_form, unit_of
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")

PAYER, LI_WEI, ZHAO = "6222020200112233445", "6217001234567890123", "6228480012345678901"
PASTED = "\n".join(
    [
        "时间\t金额（元）\t付款账户\t收款账户\t收款户名\t收款银行\t渠道",
        f"2026-11-23 09:12\t50,000\t{PAYER}\t{LI_WEI}\t李伟\t建设银行\t网银",
        f"2026/11/23 09:40\t3.5万\t{PAYER}\t{ZHAO}\t赵强\t农业银行\t",
        f"2026-11-23 10:05\t12000.50\t{PAYER}\t{LI_WEI}\t李伟\t建设银行\t手机银行",
    ]
)


def case_form(**fields: str) -> dict[str, str]:
    return {
        "victim_name": "周建华",
        "victim_phone": "13912345678",
        "fraud_type": "investment",
        "story": "对方自称投资导师，诱导下载APP充值",
        "transfers_text": PASTED,
        **fields,
    }


def count_cases(session) -> int:
    return session.scalar(select(func.count()).select_from(Case))


class TestTakingAReport:
    def test_pasted_rows_become_transfers_and_the_case_is_registered(self, client, session):
        login(client, "station_a")
        form = case_form(unit_id=str(unit_of(session, "station_a").id))
        response = post_form(client, "/cases/new", form)
        assert response.status_code == 303, response.text
        case = session.get(Case, int(response.headers["location"].rsplit("/", 1)[1]))
        assert case.status == CaseStatus.registered and case.registered_at is not None
        assert case.case_no.startswith("AJ")
        assert [t.amount_fen for t in case.transfers] == [5_000_000, 3_500_000, 1_200_050]
        assert case.loss_fen == 9_700_050
        assert [t.channel for t in case.transfers] == [
            "online_banking",
            "bank_transfer",
            "mobile_banking",  # 手机银行 is not 网银
        ]
        page = client.get(f"/cases/{case.id}").text
        # The transfers' accounts masked, as on every list (显示完整信息 shows them: audited).
        assert "97,000.50" in page and "6228 **** **** **** 8901" in page
        assert "6228480012345678901" not in page
        listing = client.get("/cases").text
        assert case.case_no in listing and "周*华" in listing and "周建华" not in listing

    def test_bad_rows_are_listed_by_line_and_nothing_is_stored(self, client, session):
        login(client, "station_a")
        before = count_cases(session)
        pasted = "\n".join(
            [
                f"2026-11-23 09:12\t五万\t{PAYER}\t{LI_WEI}",
                f"昨天\t100\t{PAYER}\t{LI_WEI}",
                "2026-11-23 10:00\t100\t1",
            ]
        )
        form = case_form(unit_id=str(unit_of(session, "station_a").id), transfers_text=pasted)
        response = post_form(client, "/cases/new", form)
        assert response.status_code == 422
        assert "第 1 行：无法识别的金额：五万" in response.text
        assert "第 2 行：无法识别的时间：昨天" in response.text
        assert "第 3 行：至少需要时间、金额、付款账户、收款账户四列" in response.text
        assert count_cases(session) == before
        assert "周建华" in response.text  # what was typed is kept

    def test_the_fraud_type_is_chosen_not_preselected(self, client, session):
        login(client, "station_a")
        page = client.get("/cases/new").text
        assert '<option value="">请选择诈骗类型</option>' in page
        assert "selected>刷单返利" not in page.replace('"', "")
        before = count_cases(session)
        form = case_form(unit_id=str(unit_of(session, "station_a").id), fraud_type="")
        response = post_form(client, "/cases/new", form)
        assert response.status_code == 422 and "请选择诈骗类型" in response.text
        assert count_cases(session) == before

    def test_a_station_sees_only_its_own_cases(self, client, session):
        case = service.create_case(
            session,
            Principal.system(),
            CaseIn(victim_name="吴芳", fraud_type="romance"),
            unit_id=unit_of(session, "station_a").id,
        )
        login(client, "station_b")
        assert client.get(f"/cases/{case.id}").status_code == 404
        assert case.case_no not in client.get("/cases").text

    def test_revealing_the_victim_is_audited(self, client, session):
        case = service.create_case(
            session,
            Principal.system(),
            CaseIn(victim_name="吴芳", victim_phone="13800138000"),
            unit_id=unit_of(session, "station_a").id,
        )
        login(client, "station_a")
        page = client.get(f"/cases/{case.id}").text
        assert "13800138000" not in page
        shown = client.post(
            f"/cases/{case.id}/reveal", headers={"X-CSRF-Token": csrf_token(client)}
        )
        assert "+8613800138000" in shown.text
        assert audit_entries(session, "pii.viewed", target_type="cases", target_id=str(case.id))


class TestStateMachine:
    def test_a_draft_is_registered_or_voided_and_an_illegal_step_is_409(self, client, session):
        warning = receive(session)
        ladder.close(session, Principal.system(), warning, outcome=Outcome.defrauded)
        draft = service.case_for_warning(session, warning.id)
        login(client, "station_a")
        asked = post_form(client, f"/cases/{draft.id}/status", {"to": "voided", "note": "不是诈骗"})
        assert asked.status_code == 200 and "确认作废" in asked.text  # 作废 asks first
        voided = post_form(
            client,
            f"/cases/{draft.id}/status",
            {
                "to": "voided",
                "note": "不是诈骗",
                "confirmed": "1",
                "confirm": confirm_value(asked.text),
            },
        )
        assert voided.status_code == 303
        session.refresh(draft)
        assert draft.status == CaseStatus.voided and draft.status_note == "不是诈骗"
        again = post_form(client, f"/cases/{draft.id}/status", {"to": "registered"})
        assert again.status_code == 409
        assert "案件当前为“已作废”，不能变为“已受理”" in again.text


class TestFromAWarning:
    def test_defrauded_opens_one_draft_with_the_person_carried_over(self, client, session):
        warning = receive(session, person_name="钱秀兰", amount_fen=0)
        login(client, "station_a")
        response = post_form(
            client,
            f"/warnings/{warning.id}/outcome",
            {"outcome": "defrauded", "note": "已转账8万"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        draft = service.case_for_warning(session, warning.id)
        assert draft.status == CaseStatus.draft
        assert draft.victim_phone == warning.person_phone and draft.victim_name == "钱秀兰"
        assert "已转账8万" in draft.story
        assert draft.case_no in response.text
        assert audit_entries(session, "case.drafted", target_id=str(draft.id))
        # The warning that found the person already defrauded is not a 预后被骗.
        service.transition(session, Principal.system(), draft, CaseStatus.registered)
        session.refresh(warning)
        assert not warning.defrauded_later and draft.warned_before_id is None


class TestDefraudedLater:
    def test_a_later_case_flags_the_earlier_warning_and_counts_in_the_rate(self, client, session):
        warned = receive(session, person_phone="13700001111")
        ladder.close(session, Principal.system(), warned, outcome=Outcome.dissuaded)
        other = receive(session, person_phone="13700002222")
        ladder.close(session, Principal.system(), other, outcome=Outcome.dissuaded)
        case = service.create_case(
            session,
            Principal.system(),
            CaseIn(
                victim_name="孙丽",
                victim_phone="13700001111",
                reported_at=clock.now() + timedelta(minutes=5),
            ),
            unit_id=unit_of(session, "station_a").id,
        )
        session.refresh(warned)
        session.refresh(other)
        assert warned.defrauded_later and not other.defrauded_later
        assert case.warned_before_id == warned.id
        login(client, "station_a")
        assert "预后被骗" in client.get(f"/warnings/{warned.id}").text
        today = clock.now().astimezone(clock.SHANGHAI).date()
        page = client.get(f"/warnings/prognosis?since={today}&until={today}").text
        total = page.split("<tfoot>")[1]
        assert '<th class="num">2</th><th class="num">1</th><th class="num">50.00%</th>' in total

    def test_a_case_before_the_warning_is_not_a_prognosis(self, session):
        warned = receive(session, person_phone="13700003333")
        ladder.close(session, Principal.system(), warned, outcome=Outcome.dissuaded)
        service.create_case(
            session,
            Principal.system(),
            CaseIn(
                victim_name="孙丽",
                victim_phone="13700003333",
                reported_at=clock.now() - timedelta(days=1),
            ),
            unit_id=unit_of(session, "station_a").id,
        )
        session.refresh(warned)
        assert not warned.defrauded_later
