"""Generated cities for the two-engine tests: units, cases (some voided), their indicators
attached through the app's own linking code, transfers, account holders and statement rows
with pass-through accounts. Ids are chosen (city × 100,000 + n) so one city's records keep
their ids in a database holding several cities: the union stands for the province.

Built in: values shared across cities (cross-city gangs), a value busy in both cities (under
the cap in each, over it province-wide), a busy value an analyst kept linking, values an
exclusion pattern covers, a voided case, statement rows two cities imported alike, inflows
and outflows at the same instant, days that end just over and under the balance limit, and
reports either side of local midnight.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha.linking import links
from fanzha.linking.models import IndicatorKind, IndicatorSource

CAP = 5  # the cap the tests run both engines with (small, so the data can cross it)
T0 = datetime(2026, 9, 20, 16, 0, tzinfo=UTC)  # local midnight, 21 Sept
EXCLUDED_PATTERN = "62149999*"  # a bank's collection accounts: never link
SHARED = [f"6214888800000000{n:03d}" for n in range(4)]  # seen in both cities
BUSY_BOTH = "6214777700000000001"  # 4 cases in each city: 8 > CAP province-wide
BUSY_KEPT = "6214666600000000001"  # 7 cases in city 2, an analyst kept it linking


@dataclass(frozen=True)
class City:
    ix: int  # 1, 2, ...
    code: str

    @property
    def off(self) -> int:
        return self.ix * 100_000


CITIES = [City(1, "320100"), City(2, "320200")]


def _account(city: City, n: int) -> str:
    return f"62140{city.ix}{n:013d}"


def _units(session: Session, city: City) -> list[int]:
    o = city.off
    tree = [  # id, parent, kind, path
        (o + 1, None, "city_bureau", f"/{o + 1}/"),
        (o + 2, o + 1, "branch", f"/{o + 1}/{o + 2}/"),
        (o + 3, o + 2, "station", f"/{o + 1}/{o + 2}/{o + 3}/"),
        (o + 4, o + 2, "station", f"/{o + 1}/{o + 2}/{o + 4}/"),
    ]
    for uid, parent, kind, path in tree:
        session.execute(
            text(
                "INSERT INTO units (id, name, kind, parent_id, path, code)"
                " VALUES (:id, :name, :kind, :parent, :path, :code)"
            ),
            {
                "id": uid,
                "name": f"单位{uid}",
                "kind": kind,
                "parent": parent,
                "path": path,
                "code": f"U{uid}",
            },
        )
    return [o + 3, o + 4]


def _case(session: Session, city: City, n: int, unit: int, at: datetime, status: str, rng) -> int:
    case_id = city.off + n
    session.execute(
        text(
            "INSERT INTO cases (id, case_no, unit_id, status, victim_name, victim_address, story,"
            " fraud_type, loss_fen, reported_at, status_note)"
            " VALUES (:id, :no, :unit, :status, '王某', '', '', :type, :loss, :at, '')"
        ),
        {
            "id": case_id,
            "no": f"AJ{city.code}-{n:04d}",
            "unit": unit,
            "status": status,
            "type": rng.choice(["brushing", "investment", "romance"]),
            "loss": rng.choice([0, 50_00, 3_000_00, 120_000_000]),
            "at": at,
        },
    )
    return case_id


def generate_cases(session: Session, city: City, *, cases: int = 60, exclude: bool) -> None:
    """The city's units, cases, indicators (through links.attach), transfers and holders."""
    rng = random.Random(city.ix)
    if exclude:
        session.execute(
            text("INSERT INTO link_exclusions (kind, pattern, reason) VALUES ('account', :p, '')"),
            {"p": EXCLUDED_PATTERN},
        )
    stations = _units(session, city)
    local = [_account(city, n) for n in range(25)]
    for n in range(1, cases + 1):
        at = T0 + timedelta(hours=rng.randint(-30, 24 * 40), minutes=rng.randint(0, 59))
        status = "voided" if n == 7 else "registered"
        case_id = _case(session, city, n, rng.choice(stations), at, status, rng)
        values = [(IndicatorKind.account, rng.choice(local))]
        if rng.random() < 0.2:
            values.append((IndicatorKind.account, rng.choice(SHARED)))
        if rng.random() < 0.2:
            values.append((IndicatorKind.phone, f"1380000{city.ix}{rng.randint(0, 30):03d}"))
        if rng.random() < 0.15:
            values.append((IndicatorKind.account, f"62149999{rng.randint(0, 3):011d}"))
        if n <= 4:
            values.append((IndicatorKind.account, BUSY_BOTH))
        if city.ix == 2 and 10 <= n < 17:
            values.append((IndicatorKind.account, BUSY_KEPT))
        links.attach(session, case_id, values, source=IndicatorSource.transfer, seen_at=at)
        session.execute(
            text(
                "INSERT INTO case_transfers (id, case_id, at, amount_fen, payer_account,"
                " receiving_account, receiving_name, receiving_bank, channel)"
                " VALUES (:id, :case, :at, 100000, '', :to, :name, '', 'bank_transfer')"
            ),
            {
                "id": case_id,
                "case": case_id,
                "at": at,
                "to": values[0][1],
                "name": f"持卡人{values[0][1][-2:]}",
            },
        )
    if city.ix == 2:
        session.execute(
            text("UPDATE indicators SET link_approved = true WHERE value = :v"), {"v": BUSY_KEPT}
        )
    for n in range(0, 25, 5):  # the bank's 人员信息 sheet for some accounts
        session.execute(
            text(
                "INSERT INTO account_holders (account, name, id_number) VALUES (:a, :n, :i)"
                " ON CONFLICT DO NOTHING"
            ),
            {"a": local[n], "n": f"张{n}", "i": f"32010{city.ix}19900101{n:03d}X"[:18]},
        )


def _day_of_rows(rng, account: str, day: datetime, balance: int, kind: str, ties: bool = True):
    """One account-day: inflows, then outflows a few minutes after each; `kind` says whether
    the day passes, ends just over the balance limit, or keeps the money."""
    rows, at = [], day + timedelta(hours=rng.randint(1, 8))
    for _ in range(rng.randint(1, 4)):
        amount = rng.randint(5_000_00, 200_000_00)
        balance += amount
        rows.append((account, at, amount, "in", balance))
        delay = 0 if ties and rng.random() < 0.2 else rng.randint(1, 40)  # 0: a tie
        at += timedelta(minutes=delay)
        share = {"pass": 1.0, "over": 0.93, "keep": 0.5}[kind]
        out = min(balance, int(amount * share))
        balance -= out
        rows.append((account, at, out, "out", balance))
        at += timedelta(minutes=rng.randint(1, 30), seconds=rng.randint(0, 59))
    if kind == "over" and balance <= 10_000:  # end 100.01 yuan over what the floor allows
        balance += 10_001
        rows.append((account, at, 10_001, "in", balance))
    return rows, balance


def statement_rows(city: City) -> list[tuple]:
    """(account, at, amount_fen, direction, balance_fen) of the city's statements."""
    rng = random.Random(100 + city.ix)
    rows = []
    for n in range(30, 42):
        account, balance = _account(city, n), rng.choice([0, 5_000, 50_000_00])
        for d in range(rng.randint(1, 6)):
            kind = rng.choice(["pass", "pass", "over", "keep"])
            day = T0 + timedelta(days=d * rng.randint(1, 3))
            day_rows, balance = _day_of_rows(rng, account, day, balance, kind)
            rows += day_rows
    return rows


def shared_statement() -> list[tuple]:
    """A statement both cities asked the bank for: the same rows imported twice (no ties at
    one instant: which city's copy of a row is kept is Spark's choice, and ids differ)."""
    rng = random.Random(99)
    rows, balance = [], 0
    for d in range(3):
        day = T0 + timedelta(days=d)
        day_rows, balance = _day_of_rows(rng, SHARED[0], day, balance, "pass", ties=False)
        rows += day_rows
    return rows


def insert_statement(session: Session, city: City, rows: list[tuple], import_no: int) -> None:
    import_id = city.off + import_no
    session.execute(
        text(
            "INSERT INTO statement_imports (id, case_id, filename, sha256, size, default_account,"
            " status, layouts, rows_total, rows_done, rows_imported, rows_duplicate, rows_skipped,"
            " accounts, errors, message) VALUES (:id, :case, 'x.xlsx', '', 0, '', 'done', '',"
            " 0, 0, 0, 0, 0, 0, '[]', '')"
        ),
        {"id": import_id, "case": city.off + 1},
    )
    params = [
        {
            "import": import_id,
            "n": n,
            "account": account,
            "at": at,
            "amount": amount,
            "dir": direction,
            "balance": balance,
            "fp": hashlib.md5(f"{account}{at.isoformat()}{amount}{direction}{n}".encode()).digest(),
        }
        for n, (account, at, amount, direction, balance) in enumerate(rows)
    ]
    session.execute(
        text(
            "INSERT INTO statement_rows (import_id, source_row, account, account_name, at,"
            " amount_fen, direction, counterpart, counterpart_name, counterpart_bank, kind,"
            " balance_fen, summary, serial, fingerprint) VALUES (:import, :n, :account, '', :at,"
            " :amount, :dir, '', '', '', 'transfer', :balance, '', '', :fp)"
            " ON CONFLICT (fingerprint) DO NOTHING"
        ),
        params,
    )


def generate(session: Session, city: City, *, exclude: bool) -> None:
    """One city whole: cases and indicators, then its statements (one shared with city 1)."""
    generate_cases(session, city, exclude=exclude)
    insert_statement(session, city, statement_rows(city), 1)
    insert_statement(session, city, shared_statement(), 2)
