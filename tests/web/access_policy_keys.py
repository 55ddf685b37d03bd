"""The access policy for callers that are not a signed-in login: API keys (by scope) and callers
not signed in at all. Written by hand like tests/web/access_policy.py, which holds the logins'
table; never derived from the code's permissions."""

from __future__ import annotations

from tests.web.access_policy import CHILD, OTHER, OWN, SIBLING, STAFF, UNIT, G, P, R, Row

# --- callers not signed in -------------------------------------------------------------------
# The login page and the health check answer them; every other page sends them to sign in
# (303 to /login?next=...), every JSON route under /api/ answers 401.
ANONYMOUS: dict[tuple[str, str], int] = {
    (G, "/healthz"): 200,
    (G, "/login"): 200,
    (P, "/login"): 303,  # signing in, as the demo admin
    # The citizens' site: no login at all.
    (G, "/public"): 308,
    (G, "/public/"): 200,
    (G, "/public/survey"): 200,
    (G, "/public/survey/thanks"): 200,
    (G, "/public/survey/{survey_code}"): 200,
    (P, "/public/survey/{survey_code}"): 303,
    (G, "/public/quiz"): 200,
    (P, "/public/quiz"): 303,
    (G, "/public/quiz/{token}"): 404,  # the policy world starts no round
    (P, "/public/quiz/{token}"): 404,
    (G, "/public/quiz/{token}/result"): 404,
    (G, "/public/quiz/{token}/card.png"): 404,
    (G, "/public/risk"): 200,
    (P, "/public/risk"): 200,
    (G, "/public/tips"): 200,
    (G, "/public/tips/new"): 200,
    (P, "/public/tips/new"): 200,
    (G, "/public/tips/saved"): 200,
    (G, "/public/tips/check"): 200,
    (P, "/public/tips/check"): 422,
    (P, "/public/tips/check/add"): 422,
}
ANONYMOUS_PAGE, ANONYMOUS_API = 303, 401


# --- API keys --------------------------------------------------------------------------------
# A key carries scopes, never a role; it is bound to a unit (here station_a's) and sees that
# unit's subtree. Keys reach only the /api/v1 routes their scope names; personal data
# (reveal) and management are never granted to a key.
ORG_READ, INTAKE, WARNINGS_READ, FEEDBACK = (
    "org.read",
    "warnings.intake",
    "warnings.read",
    "warnings.feedback",
)
API_KEY_SCOPES = (ORG_READ, INTAKE, WARNINGS_READ, FEEDBACK)
ANY_KEY = frozenset(API_KEY_SCOPES)
NO_KEY: frozenset[str] = frozenset()
API_KEY_RELATIONS = {OWN: "station_a", CHILD: "comm", SIBLING: "station_b", OTHER: "station_c"}

API_KEY_POLICY: tuple[Row, ...] = (
    R(G, "/api/v1/me", 200, ANY_KEY),
    R(G, "/api/v1/audit", 403, NO_KEY),
    R(G, "/api/v1/org/units", 200, frozenset({ORG_READ})),
    R(
        P,
        "/api/v1/org/units",
        403,
        NO_KEY,
        json={"name": "测试所", "code": "PK01", "parent_id": "{unit_id}"},
    ),
    R(G, "/api/v1/org/grids", 200, frozenset({ORG_READ})),
    R(
        P,
        "/api/v1/org/grids",
        403,
        NO_KEY,
        json={"code": "PK-API", "name": "新网格", "unit_id": "{unit_id}", "households": 5},
    ),
    R(G, "/api/v1/org/staff", 200, frozenset({ORG_READ})),
    R(G, "/api/v1/org/staff/{staff_id}", 200, frozenset({ORG_READ}), UNIT),
    R(P, "/api/v1/org/staff/{staff_id}/reveal", 403, NO_KEY),
    R(P, "/api/v1/org/staff", 403, NO_KEY, json=STAFF),
    R(G, "/api/v1/org/teams", 200, frozenset({ORG_READ})),
    R(P, "/api/v1/warnings", 201, frozenset({INTAKE}), json="warning"),
    R(P, "/api/v1/warnings:batch", 200, frozenset({INTAKE}), json="batch"),
    R(G, "/api/v1/warnings/feedback", 200, frozenset({FEEDBACK})),
    R(G, "/api/v1/warnings/{warning_id}", 200, frozenset({WARNINGS_READ}), UNIT),
)

# The pages (not /api/) a key reaches: those whose data its scope already gives it through the
# API (unit lists, masked staff, the masked warnings board, manual intake, the feedback sheet).
# Asked with a key of each scope; every other page refuses a key, whatever its scopes (asked
# with one key holding all four). Whether keys should be kept to /api/ altogether is open.
KEY_PAGES: dict[tuple[str, str], tuple[frozenset[str], int]] = {
    (G, "/org/units"): (frozenset({ORG_READ}), 200),
    (G, "/org/units/{unit_id}"): (frozenset({ORG_READ}), 200),
    (G, "/org/grids"): (frozenset({ORG_READ}), 200),
    (G, "/org/grids/{grid_id}"): (frozenset({ORG_READ}), 200),
    (G, "/org/staff"): (frozenset({ORG_READ}), 200),
    (G, "/org/staff/export.xlsx"): (frozenset({ORG_READ}), 200),
    (G, "/org/staff/{staff_id}"): (frozenset({ORG_READ}), 200),
    (G, "/org/teams"): (frozenset({ORG_READ}), 200),
    (G, "/org/teams/{team_id}"): (frozenset({ORG_READ}), 200),
    (G, "/warnings"): (frozenset({WARNINGS_READ}), 200),
    (G, "/warnings/stream"): (frozenset({WARNINGS_READ}), 200),
    (G, "/warnings/prognosis"): (frozenset({WARNINGS_READ}), 200),
    (G, "/warnings/{warning_id}"): (frozenset({WARNINGS_READ}), 200),
    (G, "/warnings/new"): (frozenset({INTAKE}), 200),
    (P, "/warnings/new"): (frozenset({INTAKE}), 303),
    (G, "/warnings/import"): (frozenset({INTAKE}), 200),
    (G, "/warnings/import/template"): (frozenset({INTAKE}), 200),
    (P, "/warnings/import"): (frozenset({INTAKE}), 422),  # the empty template, as above
    (G, "/warnings/feedback.xlsx"): (frozenset({FEEDBACK}), 200),
    # The hold box of the warning page, which a warnings.read key already reaches.
    (G, "/warnings/{warning_id}/hold"): (frozenset({WARNINGS_READ}), 200),
    (G, "/warnings/transfers"): (frozenset({WARNINGS_READ}), 200),  # the board's transfers
}
PUBLIC = frozenset(
    {(G, "/healthz"), (G, "/login"), (P, "/login")}
    | {where for where in ANONYMOUS if where[1].startswith("/public")}
)
