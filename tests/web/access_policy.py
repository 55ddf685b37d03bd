"""The access policy, written by hand and reviewed: who may call each route, on records of
which units, and the exact answer they get.

Never derive a row from `ROLE_PERMISSIONS` or from a route's dependencies: the table is the
independent statement the code is checked against. A route added to the app without a row
here fails tests/web/test_access_policy.py, and so does a row whose route is gone. API keys
and callers not signed in have their table in tests/web/access_policy_keys.py.

Logins (the demo city's, see fanzha.demo.city): five at the center (市局), a 分局 leader, a
station officer and a community dissuader. A record's unit relative to the caller:
own unit, a child unit, a sibling unit, a unit in another 分局. The center has no sibling and
no other 分局 (the whole city is below it): its "child" is a station of the second 分局.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADMIN, DUTY, ANALYST, LEADER = "admin", "duty", "analyst", "leader"
REVIEWER, BRANCH, STATION, DISSUADER = "reviewer", "branch_leader", "station_a", "dissuader_a"
USERS = (ADMIN, DUTY, ANALYST, LEADER, REVIEWER, BRANCH, STATION, DISSUADER)

OWN, CHILD, SIBLING, OTHER = "own", "child", "sibling", "other"

# Which unit of tests/web/policy_world.py holds the record of each relation, per login.
RELATIONS: dict[str, dict[str, str]] = {
    **{
        center: {OWN: "city", CHILD: "station_c"}
        for center in (ADMIN, DUTY, ANALYST, LEADER, REVIEWER)
    },
    BRANCH: {OWN: "branch", CHILD: "station_a", SIBLING: "branch2", OTHER: "station_c"},
    STATION: {OWN: "station_a", CHILD: "comm", SIBLING: "station_b", OTHER: "station_c"},
    DISSUADER: {OWN: "comm", SIBLING: "comm2", OTHER: "station_c"},
}

# --- who holds what, as the product promises it (docs: DOMAIN.md, the role descriptions) ----
EVERYONE = frozenset(USERS)
ADMIN_ONLY = frozenset({ADMIN})
UNMASKERS = frozenset({ADMIN, DUTY, ANALYST, REVIEWER, STATION})  # may see personal data
WARNING_READERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH, STATION, DISSUADER})
WARNING_WORKERS = frozenset({ADMIN, DUTY, STATION, DISSUADER})
WARNING_SENDERS = frozenset({ADMIN, DUTY, ANALYST})  # manual entry and imports
FEEDBACK_PULLERS = frozenset({ADMIN, DUTY})
CITIZENS = frozenset({ADMIN, DUTY, ANALYST})  # the quiz bank, QR sources, risk-check figures
CASE_READERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH, STATION})
CASE_WORKERS = frozenset({ADMIN, DUTY, STATION})
STATEMENT_IMPORTERS = frozenset({ADMIN, DUTY, ANALYST, STATION})
ANALYSIS_READERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH})
ANALYSTS = frozenset({ADMIN, ANALYST})  # link, exclude, block, send leads, push at-risk people
LEAD_INBOXES = frozenset({ADMIN, DUTY, ANALYST, STATION})
OUTREACH_READERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH, STATION})
OUTREACH_PLANNERS = frozenset({ADMIN, DUTY, STATION})  # questionnaires, campaigns
OUTREACH_VISITORS = frozenset({ADMIN, STATION, DISSUADER})  # the field page's routes
CITIZEN_MANAGERS = frozenset({ADMIN, DUTY, ANALYST})  # the public site: survey codes
OUTREACH_PLANNERS = frozenset({ADMIN, DUTY, STATION})
# Logins without a staff record of their own have nobody to check in to a training.
NO_STAFF_RECORD = {login: 409 for login in (ADMIN, DUTY, ANALYST, LEADER, REVIEWER, BRANCH)}
# 指挥大屏: the center's duty room, analysts and leaders (a 分局 leader sees the 分局's).
SCREEN_VIEWERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH})
TIP_READERS = frozenset({ADMIN, DUTY, ANALYST, REVIEWER})  # city-wide, no identities
TIP_WORKERS = frozenset({ADMIN, DUTY, REVIEWER})  # triage, assign, reply, close
# Leaders (the 分局's too) approve another person's request to see an identity; they see none.
CUSTODIANS = frozenset({ADMIN, LEADER, BRANCH})
NO_IDENTITY = "the policy world keeps no identity in the vault: the caller is told it is not there"
# Leaders' figures (数据): everyone who answers for a unit's results; field staff and reviewers not.
STATS_READERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH, STATION})
REWARD_READERS = frozenset({ADMIN, DUTY, LEADER, REVIEWER, BRANCH, STATION})
# Monthly and quarterly reports: read by whoever answers for a unit's results; the center's
# duty officers and analysts make them, write the notable cases, 报送 and 更正.
REPORT_READERS = frozenset({ADMIN, DUTY, ANALYST, LEADER, BRANCH, STATION})
REPORT_SUBMITTERS = frozenset({ADMIN, DUTY, ANALYST})
REPORT_DRAFT = "the policy world's report is a draft: only a submitted report is restated"
REWARD_APPLICANTS = frozenset({ADMIN, DUTY, REVIEWER, STATION})
REWARD_REVIEWERS = frozenset({ADMIN, REVIEWER})  # approve (two people), confirm, pay
DRAFT = "the policy world's application is a draft: a review step is a conflict"
REWARD = {
    "ground": "stopped_transfer",
    "amount_fen": "2000",
    "deed": "劝阻转账",
    "justification": "避免损失 5 万元",
}

NONE = "none"  # no record in the path: one answer per login
UNIT = "unit"  # a record of the caller's unit or below: the answer; above or beside it: 404
EVERY = "every"  # a record in the path, but every relation gets the answer (asked on each)


@dataclass(frozen=True)
class Row:
    """One route (with its literal path values), who may call it and what they get.

    `ok` is the answer to a caller in `who` on a record in scope; everyone else gets 403,
    and out of scope is 404 (scope UNIT). `special` writes out the cells that differ,
    keyed by (login, relation) or by login alone (every relation). Path values in braces
    are the record of the relation asked (tests/web/policy_world.Records); so are those in
    the body."""

    method: str
    path: str
    ok: int
    who: frozenset[str]
    scope: str = NONE
    fill: dict[str, str] = field(default_factory=dict)
    form: dict[str, object] | None = None
    json: object = None
    upload: str | None = None  # which prepared file to send as "file"
    special: dict = field(default_factory=dict)
    why: str = ""


def R(method, path, ok, who, scope=NONE, **kw) -> Row:
    return Row(method, path, ok, who, scope, **kw)


G, P = "GET", "POST"
# Templates uploaded empty: the importer runs and answers "no row could be taken".
EMPTY_IMPORT = "an empty template: the importer ran and took no row"
NOT_ANALYST = "only the center's analysts close a lead; to anyone else it is not there"
QUESTIONNAIRE = {"title": "问卷", "purpose": "door_knock", "count": "1", "kind0": "single"}
QUESTIONNAIRE |= {"title0": "是否接到过诈骗电话", "opts0": "是\n否", "action": "save"}
# The citizens' site: a round token that names no round, and a question of the quiz bank.
NO_ROUND = "policy-no-such-round-0001"
NO_ROUND_WHY = "the page is anyone's; the policy world starts no round, so it is not there"
QUESTION = {
    "fraud_type": "shopping",
    "kind": "single",
    "stem": "政策表测试题",
    "options": "甲\n乙",
    "answer": "A",
    "explanation": "解析",
}
# 线索举报: a tip anyone may send, and a receipt code that names no tip.
TIP = {"category": "other", "description": "政策表测试线索"}
NO_TIP = {"code": "0000 0000 0000 0000"}
STAFF_TIP = {"channel": "call110", "category": "den", "description": "110 转来的线索"}
NO_TIP_WHY = "the page is anyone's; no tip has this code, so it is refused beside the field"
STAFF = {"name": "测试员", "kind": "officer", "phone": "13600009999", "unit_id": "{unit_id}"}
EVENT = {
    "kind": "school",
    "title": "反诈进校园",
    "place": "第一中学",
    "starts_at": "2026-11-20T14:00",
    "ends_at": "2026-11-20T16:00",
    "unit_id": "{unit_id}",
    "audience_onsite": "300",
}
TRAINING = {
    "topic": "劝阻话术",
    "trainer": "王警官",
    "starts_at": "2026-11-20T09:00",
    "ends_at": "2026-11-20T11:00",
    "place": "报告厅",
    "unit_id": "{unit_id}",
    "invited_unit_ids": "{unit_id}",
}

POLICY: tuple[Row, ...] = (
    # --- the shell ----------------------------------------------------------------------
    R(
        G,
        "/",
        200,
        EVERYONE,
        special={DISSUADER: 303},
        why="a 劝阻员 lands on the field page (我的任务), not the desktop workspace",
    ),
    R(G, "/healthz", 200, EVERYONE),
    # --- the citizens' site (/public/): anonymous; staff reach it like anyone ----------
    R(G, "/public", 308, EVERYONE),
    R(G, "/public/", 200, EVERYONE),
    R(G, "/public/quiz", 200, EVERYONE),
    R(P, "/public/quiz", 303, EVERYONE, form={"source": "grid-1"}, why="a round, then its page"),
    R(G, "/public/quiz/{token}", 404, EVERYONE, fill={"token": NO_ROUND}, why=NO_ROUND_WHY),
    R(P, "/public/quiz/{token}", 404, EVERYONE, fill={"token": NO_ROUND}, why=NO_ROUND_WHY),
    R(G, "/public/quiz/{token}/result", 404, EVERYONE, fill={"token": NO_ROUND}, why=NO_ROUND_WHY),
    R(G, "/public/quiz/{token}/card.png", 404, EVERYONE, fill={"token": NO_ROUND}),
    R(G, "/public/risk", 200, EVERYONE),
    R(P, "/public/risk", 200, EVERYONE, form={"kind": "phone", "value": "13912345678"}),
    R(G, "/public/tips", 200, EVERYONE),
    R(G, "/public/tips/new", 200, EVERYONE),
    R(P, "/public/tips/new", 200, EVERYONE, form=TIP, why="the receipt is the response body"),
    R(G, "/public/tips/saved", 200, EVERYONE),
    R(G, "/public/tips/check", 200, EVERYONE),
    R(P, "/public/tips/check", 422, EVERYONE, form=NO_TIP, why=NO_TIP_WHY),
    R(P, "/public/tips/check/add", 422, EVERYONE, form=NO_TIP, why=NO_TIP_WHY),
    R(G, "/login", 303, EVERYONE, why="a signed-in caller is sent on"),
    R(P, "/login", 303, EVERYONE, form={"username": "{username}", "password": "{password}"}),
    R(P, "/logout", 303, EVERYONE),
    R(G, "/api/v1/me", 200, EVERYONE),
    # --- the desk: global search (each kind of result is scoped and permission-checked) -
    R(G, "/search", 200, EVERYONE),
    # --- users and API keys (admin) -----------------------------------------------------
    R(G, "/admin/users", 200, ADMIN_ONLY),
    R(G, "/admin/users/new", 200, ADMIN_ONLY),
    R(
        P,
        "/admin/users/new",
        303,
        ADMIN_ONLY,
        form={
            "username": "policy_new",
            "display_name": "新账号",
            "role": "dissuader",
            "unit_id": "{unit_id}",
            "password": "Policy@2026!new",
        },
    ),
    R(G, "/admin/users/{user_id}", 200, ADMIN_ONLY, UNIT),
    R(
        P,
        "/admin/users/{user_id}",
        303,
        ADMIN_ONLY,
        UNIT,
        form={"display_name": "改名", "role": "dissuader", "unit_id": "{unit_id}"},
    ),
    R(
        P,
        "/admin/users/{user_id}/password",
        303,
        ADMIN_ONLY,
        UNIT,
        form={"password": "Policy@2026!reset"},
    ),
    R(G, "/admin/api-keys", 200, ADMIN_ONLY),
    R(
        P,
        "/admin/api-keys",
        200,
        ADMIN_ONLY,
        form={"name": "测试平台", "unit_id": "{unit_id}", "scopes": "warnings.read"},
        why="the page shows the new key once",
    ),
    R(
        P,
        "/admin/api-keys/{key_id}/revoke",
        303,
        ADMIN_ONLY,
        UNIT,
        form={"confirm": "{key_confirm}"},
    ),
    R(G, "/admin/audit", 200, ADMIN_ONLY),
    R(G, "/api/v1/audit", 200, ADMIN_ONLY),
    # --- organisation: everyone reads their subtree, the admin manages ------------------
    R(G, "/org/units", 200, EVERYONE),
    R(
        P,
        "/org/units",
        303,
        ADMIN_ONLY,
        form={"name": "测试所", "code": "PT01", "parent_id": "{unit_id}"},
    ),
    R(G, "/org/units/{unit_id}", 200, EVERYONE, UNIT),
    R(P, "/org/units/{unit_id}", 303, ADMIN_ONLY, UNIT, form={"name": "改名单位"}),
    R(G, "/org/grids", 200, EVERYONE),
    R(G, "/org/grids/new", 200, ADMIN_ONLY),
    R(
        P,
        "/org/grids/new",
        303,
        ADMIN_ONLY,
        form={"code": "PT-NEW", "name": "新网格", "unit_id": "{unit_id}", "households": "5"},
    ),
    R(G, "/org/grids/{grid_id}", 200, EVERYONE, UNIT),
    R(
        P,
        "/org/grids/{grid_id}",
        303,
        ADMIN_ONLY,
        UNIT,
        form={"name": "改名网格", "households": "3"},
    ),
    R(G, "/org/import/{kind}/template", 200, ADMIN_ONLY, fill={"kind": "staff"}),
    R(G, "/org/import/{kind}", 200, ADMIN_ONLY, fill={"kind": "grids"}),
    R(
        P,
        "/org/import/{kind}",
        200,
        ADMIN_ONLY,
        fill={"kind": "staff"},
        upload="staff_template",
        why=EMPTY_IMPORT,
    ),
    R(G, "/org/staff", 200, EVERYONE),
    R(G, "/org/staff/export.xlsx", 200, EVERYONE),
    R(P, "/org/staff/export.xlsx", 200, UNMASKERS, form={"reason": "核对名册"}),
    R(G, "/org/staff/new", 200, ADMIN_ONLY),
    R(P, "/org/staff/new", 303, ADMIN_ONLY, form=STAFF),
    R(G, "/org/staff/{staff_id}", 200, EVERYONE, UNIT),
    R(P, "/org/staff/{staff_id}/reveal", 200, UNMASKERS, UNIT),
    R(G, "/org/staff/{staff_id}/edit", 200, ADMIN_ONLY, UNIT),
    R(P, "/org/staff/{staff_id}/edit", 303, ADMIN_ONLY, UNIT, form={**STAFF, "is_active": "true"}),
    R(G, "/org/teams", 200, EVERYONE),
    R(
        P,
        "/org/teams",
        303,
        ADMIN_ONLY,
        form={"name": "新队", "kind": "door_visit", "unit_id": "{unit_id}"},
    ),
    R(G, "/org/teams/{team_id}", 200, EVERYONE, UNIT),
    R(
        P,
        "/org/teams/{team_id}/shifts",
        303,
        ADMIN_ONLY,
        UNIT,
        form={"starts_at": "{far_day} 08:00", "ends_at": "{far_day} 20:00"},
    ),
    R(P, "/org/teams/{team_id}/shifts/{shift_id}/remove", 303, ADMIN_ONLY, UNIT),
    R(P, "/org/teams/{team_id}/members", 303, ADMIN_ONLY, UNIT, form={"staff_id": "{staff_id}"}),
    R(P, "/org/teams/{team_id}/members/{staff_id}/remove", 303, ADMIN_ONLY, UNIT),
    R(G, "/api/v1/org/units", 200, EVERYONE),
    R(
        P,
        "/api/v1/org/units",
        201,
        ADMIN_ONLY,
        json={"name": "测试所", "code": "PT02", "parent_id": "{unit_id}"},
    ),
    R(G, "/api/v1/org/grids", 200, EVERYONE),
    R(
        P,
        "/api/v1/org/grids",
        201,
        ADMIN_ONLY,
        json={"code": "PT-API", "name": "新网格", "unit_id": "{unit_id}", "households": 5},
    ),
    R(G, "/api/v1/org/staff", 200, EVERYONE),
    R(G, "/api/v1/org/staff/{staff_id}", 200, EVERYONE, UNIT),
    R(P, "/api/v1/org/staff/{staff_id}/reveal", 200, UNMASKERS, UNIT),
    R(P, "/api/v1/org/staff", 201, ADMIN_ONLY, json=STAFF),
    R(G, "/api/v1/org/teams", 200, EVERYONE),
    # --- prevention: outreach events, volunteer teams, training ----------------------------
    R(G, "/outreach/events", 200, OUTREACH_READERS),
    R(G, "/outreach/events/calendar", 200, OUTREACH_READERS),
    R(G, "/outreach/events/totals", 200, OUTREACH_READERS),
    R(G, "/outreach/events/new", 200, OUTREACH_PLANNERS),
    R(G, "/outreach/events/staff", 200, OUTREACH_PLANNERS),
    R(P, "/outreach/events/new", 303, OUTREACH_PLANNERS, form=EVENT),
    R(G, "/outreach/events/{event_id}", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/events/{event_id}/edit", 200, OUTREACH_PLANNERS, UNIT),
    R(P, "/outreach/events/{event_id}/edit", 303, OUTREACH_PLANNERS, UNIT, form=EVENT),
    R(G, "/outreach/volunteers", 200, OUTREACH_READERS),
    R(
        P,
        "/outreach/volunteers",
        303,
        OUTREACH_PLANNERS,
        form={"name": "新志愿队", "unit_id": "{unit_id}"},
    ),
    R(
        G,
        "/outreach/volunteers/{team_id}",
        200,
        OUTREACH_READERS,
        UNIT,
        fill={"team_id": "{vteam_id}"},
    ),
    R(
        P,
        "/outreach/volunteers/{team_id}/status",
        303,
        OUTREACH_PLANNERS,
        UNIT,
        fill={"team_id": "{vteam_id}"},
        form={"to": "inactive"},
    ),
    R(
        P,
        "/outreach/volunteers/{team_id}/leader",
        303,
        OUTREACH_PLANNERS,
        UNIT,
        fill={"team_id": "{vteam_id}"},
        form={"leader_id": "{staff_id}"},
    ),
    R(G, "/outreach/training", 200, OUTREACH_READERS),
    R(G, "/outreach/training/new", 200, OUTREACH_PLANNERS),
    R(P, "/outreach/training/new", 303, OUTREACH_PLANNERS, form=TRAINING),
    R(
        G,
        "/outreach/training/{session_id}",
        200,
        OUTREACH_READERS,
        UNIT,
        fill={"session_id": "{training_id}"},
    ),
    R(
        G,
        "/outreach/training/{session_id}/qr",
        200,
        OUTREACH_PLANNERS,
        UNIT,
        fill={"session_id": "{training_id}"},
    ),
    R(G, "/outreach/training/checkin", 422, EVERYONE, why="no code scanned: refused as invalid"),
    R(
        P,
        "/outreach/training/checkin",
        200,
        EVERYONE,
        form={"c": "{checkin_code}"},
        special=NO_STAFF_RECORD,
        why="any signed-in staff member checks in; a login without a staff record cannot",
    ),
    *(
        R(
            method,
            "/outreach/training/{session_id}/quiz",
            404,
            EVERYONE,
            fill={"session_id": "{training_id}"},
            special=NO_STAFF_RECORD,
            why="only a trainee who checked in takes the quiz; the policy world checks nobody in",
        )
        for method in (G, P)
    ),
    R(G, "/outreach/training/untrained", 200, OUTREACH_READERS),
    R(G, "/outreach/training/staff/{staff_id}", 200, OUTREACH_READERS, UNIT),
    # --- warnings -----------------------------------------------------------------------
    R(P, "/api/v1/warnings", 201, WARNING_SENDERS, json="warning"),
    R(P, "/api/v1/warnings:batch", 200, WARNING_SENDERS, json="batch"),
    R(G, "/api/v1/warnings/feedback", 200, FEEDBACK_PULLERS),
    R(G, "/api/v1/warnings/{warning_id}", 200, WARNING_READERS, UNIT),
    R(G, "/warnings", 200, WARNING_READERS),
    R(G, "/warnings/stream", 200, WARNING_READERS),
    R(G, "/warnings/new", 200, WARNING_SENDERS),
    R(
        P,
        "/warnings/new",
        303,
        WARNING_SENDERS,
        form={"source": "walk_in", "person_name": "林晓燕", "person_phone": "13912340001"},
    ),
    R(G, "/warnings/import/template", 200, WARNING_SENDERS),
    R(G, "/warnings/import", 200, WARNING_SENDERS),
    R(
        P,
        "/warnings/import",
        422,
        WARNING_SENDERS,
        upload="warnings_template",
        why=EMPTY_IMPORT + "; the warnings importer calls that a 422 (the others a 200)",
    ),
    R(G, "/warnings/prognosis", 200, WARNING_READERS),
    # --- the command big screen -----------------------------------------------------------
    R(G, "/screen", 200, SCREEN_VIEWERS),
    R(G, "/screen/{unit_id}", 200, SCREEN_VIEWERS, UNIT),
    R(G, "/screen/{unit_id}/snapshot.json", 200, SCREEN_VIEWERS, UNIT),
    R(G, "/screen/{unit_id}/map.json", 200, SCREEN_VIEWERS, UNIT),
    R(G, "/screen/{unit_id}/stream", 200, SCREEN_VIEWERS, UNIT),
    R(G, "/stats", 200, STATS_READERS),
    R(G, "/stats/definitions", 200, STATS_READERS),
    R(G, "/stats/records/{key}", 200, STATS_READERS, fill={"key": "cases.reported"}),
    R(G, "/warnings/feedback.xlsx", 200, FEEDBACK_PULLERS),
    R(G, "/warnings/{warning_id}", 200, WARNING_READERS, UNIT),
    R(P, "/warnings/{warning_id}/reveal", 200, WARNING_READERS & UNMASKERS, UNIT),
    R(P, "/warnings/{warning_id}/sign", 200, WARNING_WORKERS, UNIT),
    R(
        P,
        "/warnings/{warning_id}/attempts",
        200,
        WARNING_WORKERS,
        UNIT,
        form={"kind": "call_own", "result": "no_answer"},
    ),
    R(P, "/warnings/{warning_id}/door-visit", 200, WARNING_WORKERS, UNIT),
    R(P, "/warnings/tasks/{task_id}/claim", 303, WARNING_WORKERS, UNIT),
    R(
        P,
        "/warnings/{warning_id}/outcome",
        200,
        WARNING_WORKERS,
        UNIT,
        form={"outcome": "dissuaded", "protected_yuan": "100"},
    ),
    R(
        P,
        "/warnings/{warning_id}/outcome/correct",
        200,
        WARNING_WORKERS,
        UNIT,
        fill={"warning_id": "{closed_warning_id}"},
        form={"outcome": "cannot_find", "reason": "复核发现未能联系本人"},
    ),
    R(P, "/warnings/{warning_id}/route", 200, WARNING_WORKERS, UNIT, form={"grid_id": "{grid_id}"}),
    R(G, "/field", 200, WARNING_WORKERS),
    # --- 外地对象 and 跨区域移交 (issue 26) -----------------------------------------------
    R(P, "/warnings/{warning_id}/out-of-area", 200, WARNING_WORKERS, UNIT, form={"note": "外省"}),
    R(
        P,
        "/warnings/{warning_id}/transfer",
        200,
        WARNING_WORKERS,
        UNIT,
        form={"center_id": "{center_id}", "reason": "对象现居外省"},
    ),
    R(P, "/warnings/transfers/{transfer_id}/received", 200, WARNING_WORKERS, UNIT),
    R(
        P,
        "/warnings/transfers/{transfer_id}/answer",
        200,
        WARNING_WORKERS,
        UNIT,
        form={"outcome": "dissuaded", "note": "已当面劝阻"},
    ),
    R(G, "/warnings/transfers/{transfer_id}/letter.pdf", 200, WARNING_WORKERS, UNIT),
    R(G, "/warnings/transfers/{transfer_id}/letter.xlsx", 200, WARNING_WORKERS, UNIT),
    R(G, "/warnings/transfers", 200, WARNING_READERS),
    R(G, "/admin/centers", 200, ADMIN_ONLY),
    R(
        P,
        "/admin/centers",
        303,
        ADMIN_ONLY,
        form={"province": "江西省", "city": "南昌市", "name": "南昌市公安局反诈中心"},
    ),
    R(
        P,
        "/admin/centers/{center_id}",
        303,
        ADMIN_ONLY,
        form={"province": "江西省", "name": "江西省反诈中心（改名）", "active": "true"},
    ),
    # --- cases and the money loop -------------------------------------------------------
    R(G, "/cases", 200, CASE_READERS),
    R(G, "/cases/new", 200, CASE_WORKERS),
    R(
        P,
        "/cases/new",
        303,
        CASE_WORKERS,
        form={
            "victim_name": "孙小明",
            "fraud_type": "other",
            "unit_id": "{unit_id}",
            "transfers_text": "",
        },
    ),
    R(P, "/cases/suggest-type", 200, CASE_WORKERS, form={"story": "对方自称客服，说要退款"}),
    R(G, "/cases/{case_id}", 200, CASE_READERS, UNIT),
    R(P, "/cases/{case_id}/reveal", 200, CASE_READERS & UNMASKERS, UNIT),
    R(
        P,
        "/cases/{case_id}/status",
        303,
        CASE_WORKERS,
        UNIT,
        form={"to": "closed", "note": "结案", "confirmed": "1", "confirm": "{close_confirm}"},
    ),
    R(
        P,
        "/cases/{case_id}/arrests",
        303,
        CASE_WORKERS,
        UNIT,
        form={"arrested_on": "{today}", "suspects": "2", "note": "抓获"},
    ),
    R(P, "/cases/{case_id}/stop-payments", 200, CASE_WORKERS, UNIT),
    R(
        P,
        "/cases/{case_id}/stop-payments/{sp_id}/feedback",
        200,
        CASE_WORKERS,
        UNIT,
        form={"held_fen": "5000"},
    ),
    R(
        P,
        "/cases/{case_id}/stop-payments/{sp_id}/renew",
        200,
        CASE_WORKERS,
        UNIT,
        form={"confirm": "{sp_confirm}"},
    ),
    R(
        P,
        "/cases/{case_id}/stop-payments/{sp_id}/release",
        200,
        CASE_WORKERS,
        UNIT,
        form={"reason": "误止付"},
    ),
    R(
        P,
        "/cases/{case_id}/stop-payments/{sp_id}/city",
        200,
        CASE_WORKERS,
        UNIT,
        form={"branch_city": "西宁"},
    ),
    R(
        P,
        "/cases/{case_id}/assists/{assist_id}/answer",
        200,
        CASE_WORKERS,
        UNIT,
        form={"held_fen": "5000"},
    ),
    R(
        P,
        "/cases/{case_id}/stop-payments/{sp_id}/freeze",
        200,
        CASE_WORKERS,
        UNIT,
        fill={"sp_id": "{held_sp_id}"},
        form={"amount_fen": "100", "confirm": "{held_sp_confirm}"},
    ),
    R(
        P,
        "/cases/{case_id}/freezes/{freeze_id}/renew",
        200,
        CASE_WORKERS,
        UNIT,
        form={"confirm": "{freeze_confirm}"},
    ),
    R(
        P,
        "/cases/{case_id}/freezes/{freeze_id}/unfreeze",
        200,
        CASE_WORKERS,
        UNIT,
        form={"reason": "已结案", "confirm": "{unfreeze_confirm}"},
    ),
    R(
        P,
        "/cases/{case_id}/freezes/{freeze_id}/unfrozen",
        200,
        CASE_WORKERS,
        UNIT,
        fill={"freeze_id": "{unfreezing_freeze_id}"},
    ),
    R(
        P,
        "/cases/{case_id}/freezes/{freeze_id}/alarm",
        200,
        CASE_WORKERS,
        UNIT,
        fill={"freeze_id": "{lapsed_freeze_id}"},
        form={"reason": "已核实"},
    ),
    R(
        P,
        "/cases/{case_id}/freezes/{freeze_id}/return",
        200,
        CASE_WORKERS,
        UNIT,
        form={"amount_fen": "1"},
    ),
    R(G, "/cases/{case_id}/freezes/{freeze_id}/pool", 200, CASE_WORKERS, UNIT),
    R(
        P,
        "/cases/{case_id}/freezes/{freeze_id}/pool",
        204,
        CASE_WORKERS,
        UNIT,
        form={"amount_fen": "1", "case_nos": "{case_no}\n{linked_case_no}"},
    ),
    R(
        P,
        "/cases/{case_id}/returns/{return_id}/{step}",
        200,
        CASE_WORKERS,
        UNIT,
        fill={"step": "order"},
    ),
    R(G, "/cases/{case_id}/letters/stop-payment.pdf", 200, CASE_WORKERS, UNIT),
    R(G, "/cases/{case_id}/letters/stop-payment.xlsx", 200, CASE_WORKERS, UNIT),
    R(G, "/cases/returns", 200, CASE_READERS),
    R(G, "/cases/returns.xlsx", 200, CASE_READERS),
    R(P, "/cases/returns.xlsx", 200, CASE_READERS & UNMASKERS, form={"reason": "返还核对"}),
    R(G, "/cases/deadlines", 200, CASE_READERS),
    # --- fund tracing and statements ----------------------------------------------------
    R(G, "/cases/{case_id}/fundflow", 200, CASE_READERS, UNIT),
    R(G, "/cases/{case_id}/fundflow/data", 200, CASE_READERS, UNIT),
    R(G, "/cases/{case_id}/fundflow/accounts/{account}", 200, CASE_READERS, UNIT),
    R(G, "/cases/{case_id}/fundflow.xlsx", 200, CASE_READERS, UNIT),
    R(G, "/cases/{case_id}/statement-rows", 200, CASE_READERS, UNIT),
    R(
        P,
        "/cases/{case_id}/fundflow/stop-payments",
        200,
        CASE_WORKERS,
        UNIT,
        form={"account": "{shared_account}"},
    ),
    R(P, "/cases/{case_id}/statements", 303, STATEMENT_IMPORTERS, UNIT, upload="statement"),
    R(G, "/statements/{import_id}", 200, STATEMENT_IMPORTERS, UNIT),
    R(
        P,
        "/statements/{import_id}/mapping",
        303,
        STATEMENT_IMPORTERS,
        UNIT,
        fill={"import_id": "{mapping_import_id}"},
        form={"map_account": "0", "map_at": "1", "map_amount": "2", "map_counterpart_account": "3"},
    ),
    R(P, "/statements/{import_id}/cancel", 303, STATEMENT_IMPORTERS, UNIT),
    # --- analysis: the center sees the city, a 分局 or station the gangs of its cases ---
    R(G, "/analysis", 303, ANALYSIS_READERS),
    R(G, "/analysis/gangs", 200, ANALYSIS_READERS),
    R(G, "/analysis/gangs/{gang_id}.xlsx", 200, ANALYSIS_READERS, UNIT),
    R(G, "/analysis/gangs/{gang_id}", 200, ANALYSIS_READERS, UNIT),
    R(G, "/analysis/gangs/{gang_id}/network", 200, ANALYSIS_READERS, UNIT),
    R(P, "/analysis/gangs/{gang_id}/{action}", 303, ANALYSTS, UNIT, fill={"action": "confirm"}),
    R(G, "/analysis/indicators", 200, ANALYSIS_READERS),
    R(G, "/analysis/indicators/import", 200, ANALYSTS),
    R(G, "/analysis/indicators/import/template.xlsx", 200, ANALYSTS),
    R(
        P,
        "/analysis/indicators/import",
        200,
        ANALYSTS,
        upload="indicators_template",
        why=EMPTY_IMPORT,
    ),
    R(
        G,
        "/analysis/indicators/{indicator_id}",
        200,
        ANALYSIS_READERS,
        EVERY,
        why="a value's page opens for every reader: it lists the viewer's own sightings only "
        "and counts the others (docs/access-scope.md)",
    ),
    R(
        P,
        "/analysis/indicators/{indicator_id}/{action}",
        303,
        ANALYSTS,
        UNIT,
        fill={"action": "keep-linking"},
    ),
    R(
        P,
        "/cases/{case_id}/indicators",
        303,
        CASE_READERS & ANALYSTS,
        UNIT,
        form={"kind": "phone", "values": "13900001234"},
    ),
    R(G, "/cases/{case_id}/indicators", 200, CASE_READERS, UNIT),
    R(G, "/analysis/exclusions", 200, ANALYSIS_READERS),
    R(
        P,
        "/analysis/exclusions",
        303,
        ANALYSTS,
        form={"kind": "phone", "pattern": "4008123123", "reason": "银行客服"},
    ),
    R(P, "/analysis/exclusions/{exclusion_id}/delete", 303, ANALYSTS),
    R(G, "/analysis/at-risk", 200, ANALYSIS_READERS),
    R(G, "/analysis/at-risk/calls", 200, ANALYSTS),
    R(G, "/analysis/at-risk/calls/template.xlsx", 200, ANALYSTS),
    R(P, "/analysis/at-risk/calls", 200, ANALYSTS, upload="calls_template", why=EMPTY_IMPORT),
    R(P, "/analysis/at-risk/{action}", 303, ANALYSTS, fill={"action": "scan"}),
    R(
        P,
        "/analysis/at-risk/{person_id}/{action}",
        303,
        ANALYSTS,
        UNIT,
        fill={"action": "dismiss"},
        form={"reason": "已核实为本人"},
    ),
    R(G, "/analysis/blocking", 200, ANALYSIS_READERS),
    R(P, "/analysis/blocking/submit", 200, ANALYSTS, form={"target": "{draft_target}"}),
    R(
        G,
        "/analysis/blocking/batches/{batch_no}.xlsx",
        200,
        ANALYSIS_READERS,
        EVERY,
        why="blocking requests are the center's, city-wide: fraud-side values sent to carriers, "
        "no victim in them (docs/access-scope.md)",
    ),
    R(
        G,
        "/analysis/blocking/{block_id}",
        200,
        ANALYSIS_READERS,
        EVERY,
        why="a blocking request is the center's, city-wide, like its batch",
    ),
    R(P, "/analysis/blocking/{block_id}/transition", 303, ANALYSTS, UNIT, form={"to": "accepted"}),
    R(G, "/analysis/mules", 200, ANALYSIS_READERS),
    R(G, "/analysis/mules.xlsx", 200, ANALYSIS_READERS),
    R(P, "/analysis/mules.xlsx", 200, ANALYSIS_READERS & UNMASKERS, form={"reason": "两卡整治"}),
    # 全省研判: a station reads the cross-city gangs holding its own cases; the mule list is
    # analysis work (masked accounts of the whole province).
    R(G, "/analysis/province", 200, CASE_READERS),
    R(G, "/analysis/province/mules", 200, ANALYSIS_READERS),
    R(G, "/analysis/province/recurring", 200, ANALYSIS_READERS),
    R(G, "/analysis/province/kpis", 200, ANALYSIS_READERS),
    # --- leads: sent by the center's analysts, answered by the unit they were sent to ---
    R(G, "/leads", 200, LEAD_INBOXES),
    R(G, "/leads/{lead_id}", 200, LEAD_INBOXES, UNIT),
    R(
        P,
        "/leads",
        303,
        ANALYSTS,
        form={
            "unit_id": "{unit_id}",
            "title": "核查",
            "content": "核查账户",
            "due_at": "{tomorrow} 18:00",
        },
    ),
    R(
        P,
        "/leads/{lead_id}/{action}",
        303,
        LEAD_INBOXES,
        UNIT,
        fill={"action": "answer"},
        form={"result": "已核查", "arrests": "1", "recovered_yuan": "0"},
    ),
    R(
        P,
        "/leads/{lead_id}/{action}",
        303,
        LEAD_INBOXES,
        UNIT,
        fill={"action": "close", "lead_id": "{answered_lead_id}"},
        special={DUTY: 404, STATION: 404},
        why=NOT_ANALYST,
    ),
    # --- legal holds (保全) on record pages, and the data subject report ---
    R(G, "/warnings/{warning_id}/hold", 200, WARNING_READERS, UNIT),
    R(P, "/warnings/{warning_id}/hold", 303, WARNING_WORKERS, UNIT, form={"reason": "投诉处理中"}),
    R(
        P,
        "/warnings/{warning_id}/hold/release",
        409,
        WARNING_WORKERS,
        UNIT,
        form={"release_reason": "处理完毕"},
        why="no hold is in force on the policy world's records: releasing one is a conflict",
    ),
    R(G, "/cases/{case_id}/hold", 200, CASE_READERS, UNIT),
    R(P, "/cases/{case_id}/hold", 303, CASE_WORKERS, UNIT, form={"reason": "检察院调卷"}),
    R(
        P,
        "/cases/{case_id}/hold/release",
        409,
        CASE_WORKERS,
        UNIT,
        form={"release_reason": "处理完毕"},
        why="no hold is in force on the policy world's records: releasing one is a conflict",
    ),
    R(G, "/admin/subject-report", 200, ADMIN_ONLY),
    R(
        P,
        "/admin/subject-report/export.xlsx",
        200,
        ADMIN_ONLY,
        form={"query": "13900001111", "reason": "本人申请查询"},
    ),
    # --- the holiday schedule (节假日安排): the admin enters it for the whole city ----------
    R(G, "/admin/holidays", 200, ADMIN_ONLY),
    R(G, "/admin/holidays/template", 200, ADMIN_ONLY),
    R(
        P,
        "/admin/holidays/days",
        303,
        ADMIN_ONLY,
        form={"year": "2027", "day": "2027-03-01", "kind": "holiday"},
    ),
    R(
        P,
        "/admin/holidays/days/{day_id}/remove",
        404,
        ADMIN_ONLY,
        fill={"day_id": "2147483000"},
        why="the policy world enters no date: the admin is told it is not there",
    ),
    R(
        P,
        "/admin/holidays/{year}/complete",
        409,
        ADMIN_ONLY,
        fill={"year": "2026"},
        why="2026 is in the bundled calendar: the admin is told it needs no completing",
    ),
    # --- the citizens' site's staff side (citizens.manage) -----------------------------
    R(G, "/citizens/quiz", 200, CITIZENS),
    R(G, "/citizens/quiz/new", 200, CITIZENS),
    R(P, "/citizens/quiz/new", 303, CITIZENS, form=QUESTION),
    R(G, "/citizens/quiz/import", 200, CITIZENS),
    R(G, "/citizens/quiz/import/template", 200, CITIZENS),
    R(
        P,
        "/citizens/quiz/import",
        422,
        CITIZENS,
        upload="quiz_template",
        why="an empty template: all or nothing, and there was nothing",
    ),
    R(G, "/citizens/quiz/sources", 200, CITIZENS),
    R(G, "/citizens/quiz/qr.png", 422, CITIZENS, why="no source named: told so"),
    R(G, "/citizens/quiz/{question_id}", 200, CITIZENS, fill={"question_id": "1"}),
    R(P, "/citizens/quiz/{question_id}", 303, CITIZENS, fill={"question_id": "1"}, form=QUESTION),
    R(P, "/citizens/quiz/{question_id}/retire", 303, CITIZENS, fill={"question_id": "1"}),
    R(P, "/citizens/quiz/{question_id}/restore", 303, CITIZENS, fill={"question_id": "1"}),
    R(G, "/citizens/risk", 200, CITIZENS),
    R(
        P,
        "/admin/holidays/import",
        200,
        ADMIN_ONLY,
        form={"year": "2027"},
        upload="holidays_template",
        why=EMPTY_IMPORT,
    ),
    # --- prevention (宣防): campaigns, the household register, the field page's JSON --------
    R(G, "/outreach/campaigns", 200, OUTREACH_READERS),
    R(
        P,
        "/outreach/campaigns",
        303,
        OUTREACH_PLANNERS,
        form={
            "name": "政策测试行动",
            "starts_on": "{tomorrow}",
            "ends_on": "{far_day}",
            "unit_ids": "{unit_id}",
        },
    ),
    R(G, "/outreach/campaigns/{campaign_id}", 200, OUTREACH_READERS, UNIT),
    R(
        P,
        "/outreach/campaigns/{campaign_id}/start",
        409,
        OUTREACH_PLANNERS,
        UNIT,
        why="the policy world's campaign is running already: starting it again is a conflict",
    ),
    R(P, "/outreach/campaigns/{campaign_id}/finish", 303, OUTREACH_PLANNERS, UNIT),
    R(G, "/outreach/campaigns/{campaign_id}/assign", 200, OUTREACH_PLANNERS, UNIT),
    R(
        P,
        "/outreach/campaigns/{campaign_id}/assign",
        303,
        OUTREACH_PLANNERS,
        UNIT,
        form={"grid_id": "{grid_id}", "team_id": "{team_id}"},
    ),
    R(
        P,
        "/outreach/campaigns/{campaign_id}/release",
        422,
        OUTREACH_PLANNERS,
        UNIT,
        form={"grid_id": "{grid_id}"},
        why="no team holds the grid in the policy world: there is nothing to give back",
    ),
    R(G, "/outreach/campaigns/{campaign_id}/walk", 200, OUTREACH_VISITORS, UNIT),
    R(G, "/outreach/campaigns/{campaign_id}/walk-list.json", 200, OUTREACH_VISITORS, UNIT),
    R(
        P,
        "/outreach/campaigns/{campaign_id}/visits/sync",
        200,
        OUTREACH_VISITORS,
        UNIT,
        json={
            "visits": [
                {
                    "uuid": "6f1c2a1e-5b8e-4c36-9a4e-0d6b1f3c2a10",
                    "household_id": "{household_id}",
                    "outcome": "entered",
                    "visited_at": "2026-11-20T10:00:00+08:00",
                }
            ]
        },
    ),
    R(G, "/outreach/campaigns/{campaign_id}/outcome", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/campaigns/{campaign_id}/visits", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/coverage", 200, OUTREACH_READERS),
    R(G, "/outreach/households", 200, OUTREACH_PLANNERS),
    R(
        P,
        "/outreach/households",
        303,
        OUTREACH_PLANNERS,
        form={"grid_id": "{grid_id}", "compound": "政策小区", "room": "202", "residents": "2"},
    ),
    R(P, "/outreach/households/{household_id}/delete", 303, OUTREACH_PLANNERS, UNIT),
    # Planners only: visitors reveal through the field page's route (campaign + team grids).
    R(P, "/outreach/households/{household_id}/reveal", 200, OUTREACH_PLANNERS, UNIT),
    R(G, "/outreach/households/import", 200, OUTREACH_PLANNERS),
    R(G, "/outreach/households/import/template", 200, OUTREACH_PLANNERS),
    R(
        P,
        "/outreach/households/import",
        200,
        OUTREACH_PLANNERS,
        upload="households_template",
        why=EMPTY_IMPORT,
    ),
    # --- the coverage map (覆盖地图): a unit's regions, its GeoJSON and figures; boundaries ----
    R(G, "/outreach/map", 200, OUTREACH_READERS),
    R(G, "/outreach/map/{unit_id}", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/map/{unit_id}/shapes.geojson", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/map/{unit_id}/figures.json", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/map/boundaries", 200, ADMIN_ONLY),
    R(
        P,
        "/outreach/map/boundaries",
        422,
        ADMIN_ONLY,
        upload="staff_template",
        why="a spreadsheet is no GeoJSON: the city's boundaries are refused whole, nothing stored",
    ),
    # --- the door-knock field page (入户走访): visitors record, coverage readers see photos ---
    R(G, "/outreach/field", 200, OUTREACH_VISITORS),
    R(G, "/outreach/field/sw.js", 200, OUTREACH_VISITORS),
    R(G, "/outreach/field/{campaign_id}", 200, OUTREACH_VISITORS, UNIT),
    R(
        P,
        "/outreach/field/{campaign_id}/households/{household_id}/reveal",
        200,
        OUTREACH_VISITORS,
        UNIT,
        special={DISSUADER: 404},
        why="no team holds the policy world's grid: only planners may open its households",
    ),
    R(
        P,
        "/outreach/field/photos",
        422,
        OUTREACH_VISITORS,
        form={"uuid": "0b0c7d2e-3c1e-4f57-9a43-6f1d8c2b5e10"},
        why="no file sent: the visitor is told to choose a photo",
    ),
    R(
        G,
        "/outreach/photos/{photo_id}",
        404,
        OUTREACH_READERS,
        fill={"photo_id": "2147483000"},
        why="the policy world takes no photo: the reader is told it is not there",
    ),
    # --- questionnaires (问卷) and the awareness survey (知晓率调查) -------------------------
    R(G, "/outreach/questionnaires", 200, OUTREACH_READERS),
    R(G, "/outreach/questionnaires/new", 200, OUTREACH_PLANNERS),
    R(P, "/outreach/questionnaires", 303, OUTREACH_PLANNERS, form=QUESTIONNAIRE),
    R(G, "/outreach/questionnaires/{questionnaire_id}", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/questionnaires/{questionnaire_id}/edit", 200, OUTREACH_PLANNERS, UNIT),
    R(
        P,
        "/outreach/questionnaires/{questionnaire_id}",
        303,
        OUTREACH_PLANNERS,
        UNIT,
        form=QUESTIONNAIRE,
    ),
    R(P, "/outreach/questionnaires/{questionnaire_id}/retire", 303, OUTREACH_PLANNERS, UNIT),
    R(G, "/outreach/questionnaires/{questionnaire_id}/results", 200, OUTREACH_READERS, UNIT),
    R(G, "/outreach/surveys", 200, OUTREACH_READERS),
    R(
        P,
        "/outreach/surveys",
        303,
        CITIZEN_MANAGERS,
        form={"questionnaire_id": "{questionnaire_id}", "title": "调查"},
    ),
    R(G, "/outreach/surveys/{survey_id}", 200, OUTREACH_READERS, UNIT),
    R(
        P,
        "/outreach/surveys/{survey_id}/batches",
        303,
        CITIZEN_MANAGERS,
        UNIT,
        form={"size": "3", "event_ref": "活动1"},
    ),
    R(P, "/outreach/surveys/{survey_id}/close", 303, CITIZEN_MANAGERS, UNIT),
    R(G, "/outreach/surveys/{survey_id}/batches/{survey_batch_id}", 200, CITIZEN_MANAGERS, UNIT),
    R(G, "/public/survey", 200, EVERYONE),
    R(G, "/public/survey/thanks", 200, EVERYONE),
    R(G, "/public/survey/{survey_code}", 200, EVERYONE),
    R(P, "/public/survey/{survey_code}", 303, EVERYONE, form={"q1": "不会"}),
    # --- the identity vault (身份保管库): readers of tips ask, custodians approve -----------
    R(G, "/vault/records/{record_id}", 404, TIP_READERS, fill={"record_id": "2147483000"}),
    R(
        P,
        "/vault/records/{record_id}/requests",
        404,
        TIP_READERS,
        fill={"record_id": "2147483000"},
        form={"reason": "核实举报人身份以发放奖励"},
        why=NO_IDENTITY,
    ),
    R(G, "/vault/requests", 200, CUSTODIANS),
    R(
        P,
        "/vault/requests/{request_id}/approve",
        404,
        CUSTODIANS,
        fill={"request_id": "2147483000"},
        form={"note": "同意"},
        why=NO_IDENTITY,
    ),
    R(
        P,
        "/vault/requests/{request_id}/refuse",
        404,
        CUSTODIANS,
        fill={"request_id": "2147483000"},
        form={"note": "理由不足"},
        why=NO_IDENTITY,
    ),
    # --- the tips inbox (线索举报): every tip city-wide; identities only through the vault ---
    R(G, "/tips", 200, TIP_READERS),
    R(G, "/tips/new", 200, TIP_WORKERS),
    R(P, "/tips/new", 200, TIP_WORKERS, form=STAFF_TIP, why="the receipt code, shown once"),
    R(G, "/tips/{tip_id}", 200, TIP_READERS, EVERY),
    R(
        G,
        "/tips/{tip_id}/attachments/{attachment_id}",
        404,
        TIP_READERS,
        EVERY,
        fill={"attachment_id": "2147483000"},
        why="the policy world's tip has no picture",
    ),
    R(P, "/tips/{tip_id}/reply", 303, TIP_WORKERS, EVERY, form={"body": "已收到"}),
    R(P, "/tips/{tip_id}/category", 303, TIP_WORKERS, EVERY, form={"category": "den"}),
    R(
        P,
        "/tips/{tip_id}/assign",
        422,
        TIP_WORKERS,
        EVERY,
        form={"unit_id": "{unit_id}", "due_at": ""},
        why="no feedback deadline: refused beside the field",
    ),
    R(P, "/tips/{tip_id}/close", 303, TIP_WORKERS, EVERY, form={"outcome": "unfounded"}),
    # --- rewards (奖励申报): the unit's applications; reviewers at the center review them ----
    R(G, "/rewards", 200, REWARD_READERS),
    R(G, "/rewards/register", 200, REWARD_READERS),
    R(G, "/rewards/new", 200, REWARD_APPLICANTS),
    R(P, "/rewards/new", 303, REWARD_APPLICANTS, form=REWARD),
    R(G, "/rewards/{reward_id}", 200, REWARD_READERS, UNIT),
    R(
        P,
        "/rewards/{reward_id}/beneficiaries",
        303,
        REWARD_APPLICANTS,
        UNIT,
        form={"kind": "anonymous"},
    ),
    R(P, "/rewards/{reward_id}/submit", 303, REWARD_APPLICANTS, UNIT),
    R(P, "/rewards/{reward_id}/approve", 409, REWARD_REVIEWERS, UNIT, why=DRAFT),
    R(
        P,
        "/rewards/{reward_id}/reject",
        409,
        REWARD_REVIEWERS,
        UNIT,
        form={"reason": "不实"},
        why=DRAFT,
    ),
    R(
        P,
        "/rewards/{reward_id}/confirm",
        409,
        REWARD_REVIEWERS,
        UNIT,
        form={"foundation_ref": "连见〔2026〕1号"},
        why=DRAFT,
    ),
    R(
        P,
        "/rewards/{reward_id}/beneficiaries/{beneficiary_id}/verify",
        303,
        REWARD_REVIEWERS,
        UNIT,
    ),
    R(
        P,
        "/rewards/{reward_id}/beneficiaries/{beneficiary_id}/claim",
        409,
        REWARD_REVIEWERS,
        UNIT,
        form={
            "name": "王五",
            "id_number": "110101199003074477",
            "bank_account": "6222020200001234",
        },
        why="the beneficiary is a member of staff, not an anonymous reporter",
    ),
    R(
        P,
        "/rewards/{reward_id}/pay",
        409,
        REWARD_REVIEWERS,
        UNIT,
        form={"transfer_ref": "ZZ1", "paid_on": "2026-12-01"},
        why=DRAFT,
    ),
    # --- reports (月报 / 季报): the unit's reports and their downloads ------------------------
    R(G, "/reports", 200, REPORT_READERS),
    R(
        P,
        "/reports/generate",
        303,
        REPORT_SUBMITTERS,
        form={"unit_id": "{unit_id}", "kind": "quarter", "day": "2026-11-01"},
    ),
    R(G, "/reports/{report_id}", 200, REPORT_READERS, UNIT),
    R(G, "/reports/{report_id}/xlsx", 200, REPORT_READERS, UNIT),
    R(G, "/reports/{report_id}/pdf", 200, REPORT_READERS, UNIT),
    R(P, "/reports/{report_id}/notable", 303, REPORT_SUBMITTERS, UNIT, form={"notable": "典型"}),
    R(P, "/reports/{report_id}/submit", 303, REPORT_SUBMITTERS, UNIT),
    R(
        P,
        "/reports/{report_id}/restate",
        409,
        REPORT_SUBMITTERS,
        UNIT,
        form={"reason": "补录"},
        why=REPORT_DRAFT,
    ),
)

# Cells where the app answers otherwise today and the policy stands: real access bugs, reported.
# They run as strict xfails, so the suite turns red the day one is fixed (drop it from here).
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {}
