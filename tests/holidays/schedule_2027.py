"""TEST DATA, NOT THE OFFICIAL SCHEDULE: a plausible 2027 holiday schedule (the State Council
had not published 2027's when these tests were written). 春节: 除夕 is Friday 5 February 2027,
so nine days off from 5 to 13 February, with Sunday 31 January and Saturday 20 February
worked in exchange; 国庆: Friday 1 to Thursday 7 October, with Sunday 26 September and
Saturday 9 October worked. Real deployments enter the published schedule instead."""

from __future__ import annotations

from datetime import date, timedelta

SPRING = [date(2027, 2, 5) + timedelta(days=i) for i in range(9)]  # 5–13 Feb
NATIONAL = [date(2027, 10, 1) + timedelta(days=i) for i in range(7)]  # 1–7 Oct
NEW_YEAR = [date(2027, 1, 1)]
HOLIDAYS = NEW_YEAR + SPRING + NATIONAL
MAKE_UP = [date(2027, 1, 31), date(2027, 2, 20), date(2027, 9, 26), date(2027, 10, 9)]


def csv_bytes() -> bytes:
    """The schedule as the admin page's CSV template filled in (UTF-8 with BOM, as Excel
    saves it)."""
    lines = ["日期,类型,说明"]
    lines += [f"{d.isoformat()},休,春节/国庆（测试数据）" for d in HOLIDAYS]
    lines += [f"{d.isoformat()},班,调休上班（测试数据）" for d in MAKE_UP]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")
