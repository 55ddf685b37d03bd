"""Case linking against the database: gangs form as cases come in, exclusions and the cap
keep noise out and every link has its reason, analysts' decisions survive recomputation, and
the incremental path always equals a full recomputation."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases.models import Case, CaseStatus
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.config import get_settings
from fanzha.errors import InvalidInput
from fanzha.linking import clusters, exclusions, gangs, indicators, links
from fanzha.linking.models import Gang, GangStatus, Indicator, IndicatorKind, IndicatorSource
from tests.helpers import audit_entries, unit_of

pytestmark = pytest.mark.usefixtures("city")

T0 = datetime(2026, 10, 8, 2, 0, tzinfo=UTC)
SYSTEM = Principal.system()
_numbers = itertools.count(1)


def account(n: int) -> str:
    return f"6214{n:015d}"


def new_case(session: Session, *accounts: str, phones: tuple[str, ...] = ()) -> Case:
    """A registered case paying `accounts`, with fraudster `phones` entered by an analyst."""
    serial = next(_numbers)
    transfers = [
        TransferIn(
            at=T0 + timedelta(minutes=serial),
            amount_fen=10_000_00,
            payer_account=f"6222{serial:015d}",
            receiving_account=a,
        )
        for a in accounts
    ]
    data = CaseIn(victim_name="陈晓梅", story="刷单返利", transfers=transfers)
    case = create_case(session, SYSTEM, data, unit_id=unit_of(session, "duty").id)
    if phones:
        indicators.add_case_indicators(
            session, SYSTEM, case, kind=IndicatorKind.phone, raw=",".join(phones)
        )
    session.flush()
    return case


def gang_of(session: Session, case: Case) -> Gang | None:
    return gangs.gang_of_case(session, case.id)


def members(session: Session, gang: Gang) -> set[int]:
    return {c.id for c in gangs.gang_view(session, gang, SYSTEM).cases}


def indicator(session: Session, kind: str, value: str) -> Indicator:
    return session.scalar(select(Indicator).where(Indicator.kind == kind, Indicator.value == value))


def test_cases_sharing_an_account_form_a_gang_at_once_with_the_reason(session: Session):
    shared = account(1)
    a = new_case(session, shared)
    assert gang_of(session, a) is None  # one case is not a gang
    b = new_case(session, shared, account(2))
    c = new_case(session, account(2))
    gang = gang_of(session, a)
    assert gang is not None and gang_of(session, c).id == gang.id
    assert members(session, gang) == {a.id, b.id, c.id}
    view = gangs.gang_view(session, gang, SYSTEM)
    reasons = {r.indicator.value: {x.id for x in r.cases} for r in view.reasons if r.linking}
    assert reasons == {shared: {a.id, b.id}, account(2): {b.id, c.id}}
    assert view.loss_fen == 40_000_00


def test_a_phone_typed_two_ways_links_the_same(session: Session):
    a = new_case(session, account(10), phones=("138 0013 8000",))
    b = new_case(session, account(11), phones=("+86-13800138000",))
    assert gang_of(session, a).id == gang_of(session, b).id


def test_excluding_a_noisy_value_splits_and_removing_it_relinks(session: Session):
    hotline = "95511"
    a = new_case(session, account(20), phones=(hotline,))
    b = new_case(session, account(20))
    c = new_case(session, account(21), phones=(hotline,))
    gang = gang_of(session, a)
    assert members(session, gang) == {a.id, b.id, c.id}
    exclusion, _ = exclusions.add_exclusion(
        session, SYSTEM, kind=IndicatorKind.phone, pattern="9551*", reason="银行客服号码"
    )
    assert gang_of(session, c) is None and members(session, gang_of(session, a)) == {a.id, b.id}
    assert gang_of(session, a).id == gang.id  # the larger part keeps the gang's identity
    assert audit_entries(session, "exclusion.added")
    # A new case with the excluded number links nothing through it.
    d = new_case(session, account(22), phones=(hotline,))
    assert gang_of(session, d) is None
    exclusions.remove_exclusion(session, SYSTEM, exclusion)
    assert members(session, gang_of(session, a)) == {a.id, b.id, c.id, d.id}


def test_split_excludes_the_value_for_the_gang_and_keeps_the_decision(session: Session):
    platform = "jd.com"
    a = new_case(session, account(30))
    b = new_case(session, account(30))
    indicators.add_case_indicators(session, SYSTEM, a, kind=IndicatorKind.domain, raw=platform)
    c = new_case(session, account(31))
    indicators.add_case_indicators(session, SYSTEM, c, kind=IndicatorKind.domain, raw=platform)
    gang = gang_of(session, a)
    assert members(session, gang) == {a.id, b.id, c.id}
    gangs.split_gang(session, SYSTEM, gang, indicator(session, "domain", platform))
    assert members(session, gang_of(session, a)) == {a.id, b.id} and gang_of(session, c) is None
    links.recompute_all(session)  # a decision survives recomputation
    assert members(session, gang_of(session, a)) == {a.id, b.id} and gang_of(session, c) is None
    reasons = gangs.gang_view(session, gang_of(session, a), SYSTEM).reasons
    noisy = next(r for r in reasons if r.indicator.value == platform)
    assert not noisy.linking and "排除" in noisy.why_not


def test_wildcards_cover_subdomains_and_take_underscores_literally(session: Session):
    shop, site, other = "shop.taobao.cn", "taobao.cn", "wxid_a1b2c3"
    a = new_case(session, account(35))
    for value, kind in ((shop, IndicatorKind.domain), (site, IndicatorKind.domain)):
        add = indicators.add_case_indicators
        add(session, SYSTEM, a, kind=kind, raw=value)
        add(
            session,
            SYSTEM,
            new_case(session, account(36 if value == shop else 37)),
            kind=kind,
            raw=value,
        )
    exclusions.add_exclusion(
        session, SYSTEM, kind=IndicatorKind.domain, pattern="*.taobao.cn", reason="平台"
    )
    exclusions.add_exclusion(
        session, SYSTEM, kind=IndicatorKind.wechat, pattern="wxid_a*", reason="x"
    )
    assert indicator(session, "domain", shop).excluded_by_id is not None
    assert indicator(session, "domain", site).excluded_by_id is None
    b = new_case(session, account(38))
    indicators.add_case_indicators(session, SYSTEM, b, kind=IndicatorKind.wechat, raw=other)
    c = new_case(session, account(39))
    indicators.add_case_indicators(session, SYSTEM, c, kind=IndicatorKind.wechat, raw="wxidxa1b2c3")
    assert indicator(session, "wechat", other).excluded_by_id is not None
    assert indicator(session, "wechat", "wxidxa1b2c3").excluded_by_id is None  # _ is literal


def test_a_value_over_the_cap_stops_linking_until_reviewed(session: Session, monkeypatch):
    monkeypatch.setattr(get_settings(), "linking_cap", 3)
    busy = account(40)
    cases = [new_case(session, busy) for _ in range(3)]
    assert members(session, gang_of(session, cases[0])) == {c.id for c in cases}
    fourth = new_case(session, busy)  # the fourth case takes it over the cap
    assert all(gang_of(session, c) is None for c in [*cases, fourth])
    queued = exclusions.review_queue(session)
    assert [i.value for i in queued] == [busy]
    exclusions.keep_linking(session, SYSTEM, queued[0])
    assert members(session, gang_of(session, fourth)) == {c.id for c in [*cases, fourth]}
    assert exclusions.review_queue(session) == []


def test_confirmed_gang_keeps_its_name_and_merge_survives(session: Session):
    a = new_case(session, account(50))
    b = new_case(session, account(50))
    c = new_case(session, account(51))
    d = new_case(session, account(51))
    first, second = gang_of(session, a), gang_of(session, c)
    assert first.id != second.id
    gangs.update_gang(session, SYSTEM, first, name="“跑分”团伙", unit_id=None)
    gangs.confirm_gang(session, SYSTEM, first)
    gangs.merge_gangs(session, SYSTEM, first, second, reason="同一上线，话术相同")
    merged = gang_of(session, d)
    assert merged.id == first.id and merged.name == "“跑分”团伙"
    assert members(session, merged) == {a.id, b.id, c.id, d.id}
    session.refresh(second)
    assert second.status == GangStatus.dissolved
    links.recompute_all(session)
    session.expire_all()
    assert gang_of(session, d).id == first.id
    assert gang_of(session, d).status == GangStatus.confirmed


def test_voiding_a_case_takes_it_out_of_its_gang(session: Session):
    a = new_case(session, account(60))
    b = new_case(session, account(60))
    assert gang_of(session, a) is not None
    session.execute(Case.__table__.update().where(Case.id == b.id).values(status=CaseStatus.voided))
    links.relink(session, [b.id])
    assert gang_of(session, a) is None


def test_bad_values_are_refused_whole_with_the_reason(session: Session):
    a = new_case(session, account(70))
    with pytest.raises(InvalidInput) as refused:
        indicators.add_case_indicators(
            session, SYSTEM, a, kind=IndicatorKind.phone, raw="13800138000, 1380013"
        )
    assert "电话号码" in refused.value.message
    assert indicators.case_indicators(session, a)[0][1].kind == IndicatorKind.account
    assert len(indicators.case_indicators(session, a)) == 1


def test_indicator_page_finds_cases_and_warnings(session: Session):
    a = new_case(session, account(80), phones=("13912345678",))
    seen = indicators.sightings(session, indicator(session, "phone", "+8613912345678"), SYSTEM)
    assert [c.id for c, _, _ in seen.cases] == [a.id]
    assert seen.why_not_linking == ""
    assert seen.cases[0][1].source == IndicatorSource.manual


# --- incremental equals full recomputation ------------------------------------------------

VALUES = [("account", account(900 + i)) for i in range(5)] + [
    ("phone", f"+86139000000{i:02d}") for i in range(4)
]
operation = st.one_of(
    st.tuples(st.just("case"), st.lists(st.sampled_from(VALUES), min_size=1, max_size=3)),
    st.tuples(st.just("exclude"), st.sampled_from(VALUES)),
    st.tuples(st.just("unexclude"), st.sampled_from(VALUES)),
    st.tuples(st.just("approve"), st.sampled_from(VALUES)),
    st.tuples(st.just("merge"), st.tuples(st.integers(0, 20), st.integers(0, 20))),
)


def _full_partition(session: Session) -> set[frozenset[int]]:
    """What the pure components give over every edge as the database holds it now."""
    cap = get_settings().linking_cap
    edges = session.execute(
        text(
            "SELECT ci.case_id, ci.indicator_id FROM case_indicators ci"
            " JOIN indicators i ON i.id = ci.indicator_id AND i.excluded_by_id IS NULL"
            " AND (i.case_count <= :cap OR i.link_approved)"
            " JOIN cases c ON c.id = ci.case_id AND c.status <> 'voided'"
        ),
        {"cap": cap},
    ).all()
    merges = session.execute(text("SELECT case_a_id, case_b_id FROM gang_merges")).all()
    groups = clusters.components([e[0] for e in edges], [e[1] for e in edges], merges)
    return {frozenset(g) for g in groups}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(operation, min_size=1, max_size=12))
def test_incremental_linking_equals_a_full_recomputation(session: Session, monkeypatch, ops):
    monkeypatch.setattr(get_settings(), "linking_cap", 3)
    savepoint = session.begin_nested()
    try:
        made: list[Case] = []
        excluded: dict[tuple[str, str], object] = {}
        for op, arg in ops:
            if op == "case":
                case = new_case(session, *[v for k, v in arg if k == "account"])
                phones = [v for k, v in arg if k == "phone"]
                if phones:
                    indicators.add_case_indicators(
                        session, SYSTEM, case, kind=IndicatorKind.phone, raw=",".join(phones)
                    )
                made.append(case)
            elif op == "exclude" and arg not in excluded and indicator(session, *arg):
                excluded[arg], _ = exclusions.add_exclusion(
                    session, SYSTEM, kind=arg[0], pattern=arg[1], reason="测试"
                )
            elif op == "unexclude" and arg in excluded:
                exclusions.remove_exclusion(session, SYSTEM, excluded.pop(arg))
            elif op == "approve" and (found := indicator(session, *arg)) is not None:
                if found.case_count > 3 and not found.link_approved:
                    exclusions.keep_linking(session, SYSTEM, found)
            elif op == "merge" and len(made) >= 2:
                x, y = made[arg[0] % len(made)], made[arg[1] % len(made)]
                gx, gy = gang_of(session, x), gang_of(session, y)
                if gx and gy and gx.id != gy.id:
                    gangs.merge_gangs(session, SYSTEM, gx, gy, reason="测试合并")
            session.flush()
            incremental = links.partition(session)
            assert incremental == _full_partition(session)
        links.recompute_all(session)
        assert links.partition(session) == _full_partition(session)
    finally:
        savepoint.rollback()


def test_two_desks_registering_cases_of_one_gang_at_once_link_them(own_engine):
    shared = account(990)
    barrier = threading.Barrier(2)
    made: list[int] = []

    def register() -> None:
        with Session(own_engine) as session:
            barrier.wait()
            made.append(new_case(session, shared).id)
            session.commit()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Session(own_engine) as session:
        found = {gangs.gang_of_case(session, case_id).id for case_id in made}
        assert len(found) == 1
        assert members(session, session.get(Gang, found.pop())) == set(made)
        orphans = session.scalar(
            text(
                "SELECT count(*) FROM gangs g WHERE g.status <> 'dissolved'"
                " AND NOT EXISTS (SELECT 1 FROM gang_members m WHERE m.gang_id = g.id)"
            )
        )
        assert orphans == 0
