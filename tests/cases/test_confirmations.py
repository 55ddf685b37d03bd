"""What cannot be undone is confirmed on the server, not only in the page: 续止付, 续冻,
转冻结, 解冻, 吊销, 合并团伙, 误串并排除, 结案 and 作废 refuse a post that skipped the
confirmation step (422) or confirmed a record that has changed since (409), in Chinese, and
change nothing; the page's own step goes through."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.auth import service as auth
from fanzha.auth.models import ApiKey
from fanzha.auth.schemas import ApiKeyIn
from fanzha.cases import freezes, stop_payments
from fanzha.cases import service as cases
from fanzha.cases.models import Case, CaseStatus, FreezeStatus, StopPaymentStatus
from fanzha.cases.schemas import BankFeedbackIn, FreezeIn
from fanzha.warnings import ladder
from fanzha.warnings.models import Outcome
from fanzha.web import confirm
from tests.cases.test_money import LOCAL, fire, held_stop, report, stops
from tests.helpers import csrf_token, login, post_form, unit_of
from tests.linking.test_linking import account, gang_of, indicator, members, new_case
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.usefixtures("city")
SYSTEM = Principal.system()


def confirm_value(page: str, action: str) -> str:
    """The `confirm` the page's step for `action` (a form's path) carries."""
    form = page.split(action, 1)[1].split("</form>", 1)[0]
    found = re.search(r'name="confirm" value="([0-9a-f]+)"', form)
    assert found, form
    return found.group(1)


class TestRenewStopPayment:
    def test_without_the_confirmation_nothing_is_renewed(self, client, session: Session):
        case = report(session)
        sp = held_stop(session, case)
        login(client, "station_a")
        path = f"/cases/{case.id}/stop-payments/{sp.id}/renew"
        refused = fire(client, path)
        assert refused.status_code == 422
        assert "续止付不能撤销" in refused.text and "确认续止付" in refused.text
        assert stops(session, case)[LOCAL].terms == 1
        page = client.get(f"/cases/{case.id}").text
        token = confirm_value(page, path)
        assert fire(client, path, {"confirm": "0" * 16}).status_code == 409
        assert stops(session, case)[LOCAL].terms == 1
        assert fire(client, path, {"confirm": token}).status_code == 200
        assert stops(session, case)[LOCAL].terms == 2
        # The same confirmation sent again (a reloaded page) is stale: nothing twice.
        again = fire(client, path, {"confirm": token})
        assert again.status_code == 409 and "请刷新页面" in again.text
        assert stops(session, case)[LOCAL].terms == 2
        # Its last term used, the page offers no renewal.
        assert path not in client.get(f"/cases/{case.id}").text


class TestRenewFreeze:
    def test_without_the_confirmation_the_freeze_keeps_its_term(self, client, session: Session):
        case = report(session)
        sp = held_stop(session, case)
        record = freezes.freeze(session, SYSTEM, stops(session, case)[LOCAL], FreezeIn())
        session.flush()
        expiry = record.expires_at
        login(client, "station_a")
        path = f"/cases/{case.id}/freezes/{record.id}/renew"
        page = client.get(f"/cases/{case.id}").text
        step = page.split(path, 1)[1].split("</form>", 1)[0]
        assert "再延长六个月" in step and "确认续冻" in step
        refused = fire(client, path)
        assert refused.status_code == 422 and "续冻不能撤销" in refused.text
        session.expire_all()
        assert record.expires_at == expiry and record.renewals == 0
        assert fire(client, path, {"confirm": confirm_value(page, path)}).status_code == 200
        session.expire_all()
        assert record.renewals == 1 and record.expires_at > expiry
        assert fire(client, path, {"confirm": confirm_value(page, path)}).status_code == 409
        session.expire_all()
        assert record.renewals == 1
        assert sp.id  # the stop-payment it came from


class TestRevokeApiKey:
    def test_a_revocation_needs_the_confirmation(self, client, session: Session):
        key, _plain = auth.create_api_key(
            session,
            SYSTEM,
            ApiKeyIn(
                name="银行对接", unit_id=unit_of(session, "admin").id, scopes=["warnings.read"]
            ),
        )
        session.flush()
        login(client, "admin")
        path = f"/admin/api-keys/{key.id}/revoke"
        refused = post_form(client, path)
        assert refused.status_code == 422 and "吊销接口密钥不能撤销" in refused.text
        assert 'id="api-keys"' in refused.text  # the page, with the refusal above the keys
        session.expire_all()
        assert session.get(ApiKey, key.id).revoked_at is None
        token = confirm_value(client.get("/admin/api-keys").text, path)
        assert token == confirm.token("key_revoke", key)
        assert post_form(client, path, {"confirm": token}).status_code == 303
        session.expire_all()
        assert session.get(ApiKey, key.id).revoked_at is not None


class TestMergeGangs:
    def test_a_merge_needs_the_confirmation_of_the_gang_as_shown(self, client, session: Session):
        a, b = new_case(session, account(700)), new_case(session, account(700))
        c, d = new_case(session, account(701)), new_case(session, account(701))
        session.flush()
        first, second = gang_of(session, a), gang_of(session, c)
        login(client, "analyst")
        path = f"/analysis/gangs/{first.id}/merge"
        data = {"csrf_token": csrf_token(client), "other_id": second.id, "reason": "同一上线"}
        refused = client.post(path, data=data)
        assert refused.status_code == 422 and "合并团伙不能撤销" in refused.text
        assert members(session, gang_of(session, a)) == {a.id, b.id}
        page = client.get(f"/analysis/gangs/{first.id}").text
        token = confirm_value(page, path)
        assert client.post(path, data={**data, "confirm": token}).status_code == 303
        session.expire_all()
        assert members(session, gang_of(session, d)) == {a.id, b.id, c.id, d.id}


class TestFreezeAStopPayment:
    def test_转冻结_needs_the_confirmation_of_the_stop_payment_as_shown(
        self, client, session: Session
    ):
        case = report(session)
        sp = held_stop(session, case)
        login(client, "station_a")
        path = f"/cases/{case.id}/stop-payments/{sp.id}/freeze"
        refused = fire(client, path)
        assert refused.status_code == 422
        assert "转冻结不能撤销" in refused.text and "确认转冻结" in refused.text
        assert freezes.freezes_of(session, case) == []
        page = client.get(f"/cases/{case.id}").text
        token = confirm_value(page, path)
        assert token == confirm.token("stop_freeze", sp)
        assert fire(client, path, {"confirm": "0" * 16}).status_code == 409
        assert freezes.freezes_of(session, case) == []
        # The bank corrects what it holds after the officer read the step: stale.
        stop_payments.record_feedback(session, SYSTEM, sp, BankFeedbackIn(held_fen=3_000_000))
        session.flush()
        stale = fire(client, path, {"confirm": token})
        assert stale.status_code == 409 and "请刷新页面" in stale.text
        assert freezes.freezes_of(session, case) == []
        token = confirm_value(client.get(f"/cases/{case.id}").text, path)
        assert fire(client, path, {"confirm": token}).status_code == 200
        [record] = freezes.freezes_of(session, case)
        assert record.amount_fen == 3_000_000
        assert stops(session, case)[LOCAL].status == StopPaymentStatus.frozen


class TestUnfreeze:
    def test_解冻_needs_its_reason_and_the_confirmation(self, client, session: Session):
        case = report(session)
        record = freezes.freeze(session, SYSTEM, held_stop(session, case), FreezeIn())
        session.flush()
        login(client, "station_a")
        path = f"/cases/{case.id}/freezes/{record.id}/unfreeze"
        reason = {"reason": "经查为受害人本人工资"}
        refused = fire(client, path, reason)
        assert refused.status_code == 422
        assert "解冻不能撤销" in refused.text and "确认解冻" in refused.text
        session.expire_all()
        assert record.status == FreezeStatus.active
        page = client.get(f"/cases/{case.id}").text
        token = confirm_value(page, path)
        assert fire(client, path, {**reason, "confirm": "0" * 16}).status_code == 409
        session.expire_all()
        assert record.status == FreezeStatus.active
        assert fire(client, path, {**reason, "confirm": token}).status_code == 200
        session.expire_all()
        assert record.status == FreezeStatus.unfreezing
        again = fire(client, path, {**reason, "confirm": token})  # the freeze has changed
        assert again.status_code == 409 and "请刷新页面" in again.text


def status_post(client, case: Case, to: str, **data):
    return client.post(
        f"/cases/{case.id}/status",
        data={"to": to, "note": "嫌疑人已抓获", "csrf_token": csrf_token(client), **data},
        follow_redirects=False,
    )


class TestCloseAndVoid:
    def test_结案_needs_the_confirmation_of_the_case_and_its_holds_as_shown(
        self, client, session: Session
    ):
        case = report(session)
        sp = held_stop(session, case)
        login(client, "station_a")
        path = f"/cases/{case.id}/status"
        asked = status_post(client, case, "closed")
        assert asked.status_code == 200 and "确认结案" in asked.text
        token = confirm_value(asked.text, path)
        refused = status_post(client, case, "closed", confirmed="1")
        assert refused.status_code == 422 and "结案不能撤销" in refused.text
        assert 'id="confirm"' in refused.text  # the confirmation page again, with its step
        session.refresh(case)
        assert case.status == CaseStatus.registered
        assert (
            status_post(client, case, "closed", confirmed="1", confirm="0" * 16).status_code == 409
        )
        # What the page said the case leaves behind has changed since: a freeze now.
        freezes.freeze(session, SYSTEM, sp, FreezeIn())
        session.flush()
        stale = status_post(client, case, "closed", confirmed="1", confirm=token)
        assert stale.status_code == 409 and "请刷新页面" in stale.text
        session.refresh(case)
        assert case.status == CaseStatus.registered
        fresh = confirm_value(stale.text, path)  # the page shown with the refusal is current
        assert fresh != token
        done = status_post(client, case, "closed", confirmed="1", confirm=fresh)
        assert done.status_code == 303
        session.refresh(case)
        assert case.status == CaseStatus.closed

    def test_作废_needs_the_confirmation(self, client, session: Session):
        warning = receive(session)
        ladder.close(session, SYSTEM, warning, outcome=Outcome.defrauded)
        draft = cases.case_for_warning(session, warning.id)
        session.flush()
        login(client, "station_a")
        path = f"/cases/{draft.id}/status"
        refused = status_post(client, draft, "voided", confirmed="1")
        assert refused.status_code == 422 and "作废不能撤销" in refused.text
        session.refresh(draft)
        assert draft.status == CaseStatus.draft
        # A 结案 confirmation does not confirm 作废.
        closing = confirm.token("case_close", (draft, cases.open_holds(session, draft)))
        assert (
            status_post(client, draft, "voided", confirmed="1", confirm=closing).status_code == 409
        )
        token = confirm_value(status_post(client, draft, "voided").text, path)
        assert status_post(client, draft, "voided", confirmed="1", confirm=token).status_code == 303
        session.refresh(draft)
        assert draft.status == CaseStatus.voided


class TestSplitGang:
    def test_误串并_needs_the_confirmation_of_its_panel(self, client, session: Session):
        shared, other = account(710), account(711)
        a = new_case(session, shared, other)
        b = new_case(session, shared)
        c = new_case(session, other)
        session.flush()
        gang = gang_of(session, a)
        value = indicator(session, "account", shared)
        login(client, "analyst")
        path = f"/analysis/gangs/{gang.id}/split"
        data = {"csrf_token": csrf_token(client), "indicator_id": value.id, "reason": "公共账户"}
        refused = client.post(path, data=data)
        assert refused.status_code == 422 and "排除不能撤销" in refused.text
        session.expire_all()
        assert value.excluded_by_id is None and members(session, gang) == {a.id, b.id, c.id}
        panel = client.get(f"/analysis/gangs/{gang.id}?split={value.id}").text
        token = confirm_value(panel, path)
        stale = client.post(path, data={**data, "confirm": "0" * 16})
        assert stale.status_code == 409 and "请刷新页面" in stale.text
        session.expire_all()
        assert value.excluded_by_id is None
        assert client.post(path, data={**data, "confirm": token}).status_code == 303
        session.expire_all()
        assert value.excluded_by_id is not None
