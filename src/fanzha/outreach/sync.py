"""The visit sync: the field page's offline queue sent in one request.

Each visit carries the phone's own UUID, so the sync is an idempotent upsert: a visit already
stored answers "unchanged" and nothing is written; the same UUID with other content is refused
(the first record stands). A visit to a household deleted meanwhile is refused with the reason
in Chinese; two teams visiting one household keep both visits (the household's status is the
latest). Items are judged one by one: a bad item never sinks the others. The batch is written
with one multi-row INSERT, then the new visits are folded into the coverage roll-ups.

Questionnaire answers (`questionnaire_version_id`, `answers`) are checked against that version
before anything is stored (a bad answer refuses its visit, naming the question), then stored
through the questionnaire engine (`record_response`, tagged with the visit's UUID) and linked
from the visit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import orjson
from pydantic import (
    AfterValidator,
    AwareDatetime,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from sqlalchemy import BigInteger, Integer, Text, any_, bindparam, cast, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.errors import DomainError
from fanzha.fields import InputModel, Ref, UuidText, no_control_chars, plausible_time
from fanzha.i18n import outreach as i18n
from fanzha.i18n.validation import error_message
from fanzha.org.models import Grid, Staff, StaffKind, Team, TeamMember, Unit
from fanzha.org.scope import owner_clause
from fanzha.outreach import coverage
from fanzha.outreach.errors import SyncTooMany
from fanzha.outreach.models import (
    Campaign,
    CampaignStatus,
    FiveOnes,
    GridAssignment,
    Household,
    Visit,
    VisitOutcome,
)
from fanzha.outreach.photos import VisitPhoto
from fanzha.outreach.service import get_campaign
from fanzha.questionnaires import service as questionnaires
from fanzha.questionnaires.models import QuestionnaireVersion, SourceKind

MAX_ITEMS = 2_000  # one request; a phone's queue after a day offline is far below this
FIELD_BATCH = 500  # the field page sends a longer queue in requests of this many
# The fields of VisitIn that hold free text (checked for control characters).
TEXT_FIELDS = ("suggestion_text", "revisit_reason", "answers")


class VisitIn(InputModel):
    """One visit as the field page sends it (the JSON contract of the sync route). Ids must
    fit their columns and text carries no control characters (NUL made the whole sync a 500)."""

    model_config = ConfigDict(extra="ignore")

    uuid: UuidText
    household_id: Ref
    outcome: VisitOutcome
    visited_at: Annotated[AwareDatetime, AfterValidator(plausible_time)]
    member_staff_ids: list[Ref] = Field(default_factory=list, max_length=20)
    residents_reached: int = Field(0, ge=0, le=99)
    five_ones: list[FiveOnes] = Field(default_factory=list, max_length=len(FiveOnes))
    suggestion_text: str = Field("", max_length=2000)
    questionnaire_version_id: Ref | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    revisit_needed: bool = False
    revisit_reason: str = Field("", max_length=200)
    photo_id: Ref | None = None

    @field_validator(*TEXT_FIELDS, mode="before")
    @classmethod
    def _refuse_control_chars(cls, value: Any) -> Any:
        # In place of InputModel's check of every field: the others are ids, a UUID, choices
        # and a time, whose own parsing refuses any control character (tested), and the check
        # of 13 fields was a fifth of a thousand-visit sync's validation.
        return no_control_chars(value)

    @field_validator("member_staff_ids", "five_ones")
    @classmethod
    def _as_set(cls, value: list) -> list:
        return sorted(set(value))  # the same visit sent with another order is the same visit


def _digest(dumped: str) -> str:
    """The payload hash of a visit from its `model_dump_json()` text."""
    return hashlib.sha256(dumped.encode()).hexdigest()


Status = Literal["created", "unchanged", "refused"]


@dataclass(frozen=True)
class SyncResult:
    uuid: str
    status: Status
    message: str

    def as_json(self) -> dict[str, str]:
        # Text echoed from the request (a UUID, an answer's key) may hold half a surrogate
        # pair, which no JSON answer can carry: it is shown as "?".
        return {
            "uuid": _printable(self.uuid),
            "status": self.status,
            "message": _printable(self.message),
        }


def _printable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _raw_uuid(item: Any) -> str:
    """The item's UUID as the phone sent it (so the phone finds its result), "" when it sent
    none, not as text, or text no UUID could be."""
    sent = item.get("uuid") if isinstance(item, dict) else None
    return sent if isinstance(sent, str) and len(sent) <= 64 else ""


def _validate(item: Any) -> VisitIn | str:
    try:
        return VisitIn.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        if loc:
            loc[0] = i18n.SYNC_FIELDS.get(loc[0], loc[0])
        where = ".".join(loc)
        detail = f"{where}：{error_message(first)}" if where else error_message(first)
        return i18n.SYNC["invalid"].format(detail=detail)


def sync_visits(
    session: Session, actor: Principal, campaign_id: int, items: list[Any]
) -> list[SyncResult]:
    """Store the visits of a phone's queue; one result per item, in order: `created`,
    `unchanged` (this UUID was stored before with the same content) or `refused` with the
    reason in Chinese. Raises NotFound (404) for a campaign the actor cannot see and
    SyncTooMany (422) for more than MAX_ITEMS items; nothing else raises per item."""
    campaign = get_campaign(session, actor, campaign_id)
    if len(items) > MAX_ITEMS:
        raise SyncTooMany(limit=MAX_ITEMS)
    results: list[SyncResult | None] = [None] * len(items)
    valid: dict[int, VisitIn] = {}
    for i, item in enumerate(items):
        checked = _validate(item)
        if isinstance(checked, str):
            results[i] = SyncResult(_raw_uuid(item), "refused", checked)
        else:
            valid[i] = checked
    # Each visit dumped once: its payload hash is taken of this text, and the row stored is
    # this text with the server's columns added.
    dumped = {i: v.model_dump_json() for i, v in valid.items()}
    digests = {i: _digest(text) for i, text in dumped.items()}
    keys = {i: v.uuid for i, v in valid.items()}
    households = _households(session, actor, campaign, {v.household_id for v in valid.values()})
    members = {s for v in valid.values() for s in v.member_staff_ids}
    known_staff = _roster_kinds(session, campaign, members) if members else {}
    # A photo is the uploader's unit's: another unit's photo id must not be pinned to a visit.
    photos = {v.photo_id for v in valid.values() if v.photo_id}
    own_photos = (
        set(
            session.scalars(
                select(VisitPhoto.id).where(
                    VisitPhoto.id == any_(_array(photos, BigInteger())),
                    owner_clause(VisitPhoto, actor),
                )
            )
        )
        if photos
        else set()
    )
    teams = dict(
        session.execute(
            select(GridAssignment.grid_id, GridAssignment.team_id).where(
                GridAssignment.campaign_id == campaign.id
            )
        ).all()
    )
    rows: list[tuple[str, str]] = []  # (UUID, the row as JSON)
    lacking: dict[str, list[str]] = {}  # UUID → the team-rule roles its visit lacked
    row_index: dict[str, int] = {}
    versions: dict[int, QuestionnaireVersion | None] = {}
    rule = {role: int(n or 0) for role, n in (campaign.team_rule or {}).items() if n}
    taken: set[str] = set()  # UUIDs of the visits of this batch going in
    # A visit before the campaign began, or ahead of now by more than a phone's clock may be
    # off (a day), was dated by a wrong clock (or a number read as a Unix time): it would
    # count in the figures of days nobody knocked.
    # (POSIX seconds: one offset lookup a visit instead of one a comparison.)
    earliest = clock.day_start(campaign.starts_on).timestamp()
    latest = (clock.now() + timedelta(days=1)).timestamp()
    repeats: list[int] = []
    for i, visit in valid.items():
        key = keys[i]
        if key in taken:  # a repeat within this batch: answered against what is stored
            repeats.append(i)
            continue
        refusal = _refusal(campaign, visit, households, known_staff, own_photos)
        if refusal:
            results[i] = SyncResult(key, "refused", i18n.SYNC[refusal])
            continue
        if not earliest <= visit.visited_at.timestamp() <= latest:
            at = clock.local(visit.visited_at)
            wrong = i18n.SYNC["time_outside"].format(at=at, start=campaign.starts_on)
            results[i] = SyncResult(key, "refused", wrong)
            continue
        wrong = _answers_refusal(session, campaign, visit, versions)
        if wrong:
            results[i] = SyncResult(key, "refused", wrong)
            continue
        taken.add(key)
        grid_id = households[visit.household_id][0]
        row_index[key] = i
        missing = lacking[key] = missing_roles(rule, visit, known_staff) if rule else []
        rows.append((key, _row(dumped[i], grid_id, teams.get(grid_id), digests[i], missing)))
    created: dict[str, int] = {}
    if rows:
        # In UUID order: two requests carrying the same visits (a phone's retry while its first
        # request is still at work) then take the keys in one order and cannot deadlock.
        rows.sort()
        created = _insert(session, campaign, actor, [row for _, row in rows])
    # Whether a UUID was stored before is asked only of the visits that did not go in (a
    # re-send, or refused now although stored earlier): a queue of new visits costs no lookup,
    # which in a table of millions was as slow as the insert itself.
    refused = _refused(results, valid)
    again = [keys[i] for i in refused]
    again += [key for key in row_index if key not in created]
    again += [keys[i] for i in repeats]  # found: stored before, or just now by this batch
    stored = _stored(session, again)
    for i in refused + repeats:
        _answer_stored(results, i, keys[i], stored, campaign.id, digests[i])
    for key, i in row_index.items():
        if key not in created:
            # Not inserted: this UUID was stored before, maybe by another request a moment ago.
            _answer_stored(results, i, key, stored, campaign.id, digests[i])
            continue
        results[i] = _answer(key, "created")
        if lacking[key]:  # kept: who came cannot be changed after the fact
            roles = "、".join(i18n.TEAM_RULE[r] for r in lacking[key])
            results[i] = SyncResult(key, "created", i18n.SYNC["team_rule"].format(roles=roles))
    _store_answers(session, [valid[row_index[k]] for k in created])
    coverage.add_visits(session, campaign, created.values())
    done = []
    for i, result in enumerate(results):
        if result is None:
            continue
        sent = _raw_uuid(items[i])  # as the phone wrote it (capitals), so it finds its result
        done.append(result if not sent or sent == result.uuid else replace(result, uuid=sent))
    if created:
        counts = {s: sum(1 for r in done if r.status == s) for s in ("unchanged", "refused")}
        audit.record(
            session,
            actor,
            AuditAction.visits_synced,
            target_type="outreach_campaigns",
            target_id=campaign.id,
            summary=i18n.AUDIT["visits_synced"].format(created=len(created), **counts),
        )
    return done


def _refused(results: list[SyncResult | None], valid: dict[int, VisitIn]) -> list[int]:
    """The indexes of the valid items refused on their content."""
    return [i for i in valid if (r := results[i]) is not None and r.status == "refused"]


def _stored(session: Session, keys: list[str]) -> dict[str, tuple[int, str]]:
    """UUID → (campaign, payload digest) of the visits already stored under these UUIDs.
    Lists travel as one array parameter (`= ANY(:x)`): one bind, not one placeholder each."""
    if not keys:
        return {}
    stmt = select(cast(Visit.uuid, Text), Visit.campaign_id, Visit.payload_hash).where(
        Visit.uuid == any_(cast(_array(keys, Text()), ARRAY(UUID())))
    )
    return {u: (c, h) for u, c, h in session.connection().execute(stmt)}


def _answer_stored(
    results: list[SyncResult | None],
    i: int,
    key: str,
    stored: dict[str, tuple[int, str]],
    campaign_id: int,
    digest: str,
) -> None:
    """A visit already stored under its UUID answers `unchanged` (the same visit) or is refused
    as a reused UUID (other content); otherwise its result stands."""
    earlier = stored.get(key)
    if earlier is not None:
        results[i] = _answer(
            key, "unchanged" if earlier == (campaign_id, digest) else "uuid_reused"
        )
    elif results[i] is None:  # went in meanwhile under another request's transaction
        results[i] = _answer(key, "unchanged")


# Staff kinds that fill each team-rule role (keys of Campaign.team_rule).
_ROLE_KINDS = {
    "officer_or_auxiliary": {StaffKind.officer, StaffKind.auxiliary},
    "grid_worker": {StaffKind.grid_worker},
    "volunteer": {StaffKind.volunteer},
}


def missing_roles(rule: dict, visit: VisitIn, kinds: dict[int, str]) -> list[str]:
    """The team-rule roles (Campaign.team_rule keys, in _ROLE_KINDS order) the visit's
    members present fall short of: rule {"grid_worker": 1} and no 网格员 → ["grid_worker"]."""
    present = [kinds[s] for s in visit.member_staff_ids if s in kinds]
    return [
        role
        for role, fill in _ROLE_KINDS.items()
        if sum(1 for k in present if k in fill) < int(rule.get(role) or 0)
    ]


# The columns a row's JSON carries: the visit's own fields (VisitIn's names) and the server's.
_COLUMNS = (
    "uuid", "household_id", "grid_id", "team_id", "outcome", "visited_at", "member_staff_ids",
    "residents_reached", "five_ones", "suggestion_text", "photo_id", "revisit_needed",
    "revisit_reason", "payload_hash", "team_rule_missing",
)  # fmt: skip
_TYPES = (
    "uuid", "bigint", "integer", "integer", "varchar", "timestamptz", "integer[]", "smallint",
    "varchar[]", "text", "bigint", "boolean", "varchar", "varchar", "varchar[]",
)  # fmt: skip
# One statement for the whole batch: the rows travel as one JSON array and are unpacked by
# the server (json_to_recordset turns JSON arrays into the array columns), so 1,000 visits
# cost one round trip instead of 1,000 pipelined ones. `json`, not `jsonb`: the text is read
# once, so converting it to jsonb first was work for nothing. Keys of a row that are no column
# (the questionnaire answers, stored apart) are not read.
_INSERT_SQL = (
    f"INSERT INTO outreach_visits (campaign_id, recorded_by_id, {', '.join(_COLUMNS)})"
    f" SELECT :campaign, :recorder, {', '.join(_COLUMNS)}"
    f" FROM json_to_recordset(CAST(:rows AS json))"
    f" AS r({', '.join(f'{c} {t}' for c, t in zip(_COLUMNS, _TYPES, strict=True))})"
)
_INSERT_NEW = text(f"{_INSERT_SQL} RETURNING uuid::text, id")
_INSERT_SKIPPING = text(f"{_INSERT_SQL} ON CONFLICT (uuid) DO NOTHING RETURNING uuid::text, id")
_UUID_KEY = "uq_outreach_visits_uuid"


def _insert(
    session: Session, campaign: Campaign, actor: Principal, rows: list[str]
) -> dict[str, int]:
    """Insert the new visits (`rows`: each a JSON object from `_row`) in one statement, in the
    session's transaction. Returns UUID → visit id of those stored (a UUID stored meanwhile by
    another request is skipped).

    A queue of new visits (the usual sync) goes in with a plain INSERT: ON CONFLICT's
    speculative insertion costs every row a second probe of a UUID index of millions. A UUID
    already stored (a re-send, or another phone's request a moment ago) makes it fail; the
    batch then goes in again, skipping the stored ones."""
    payload = {"rows": f"[{','.join(rows)}]", "campaign": campaign.id, "recorder": actor.user_id}
    try:
        with session.begin_nested():
            return {u: i for u, i in session.execute(_INSERT_NEW, payload)}
    except IntegrityError as clash:
        if getattr(getattr(clash.orig, "diag", None), "constraint_name", None) != _UUID_KEY:
            raise
    return {u: i for u, i in session.execute(_INSERT_SKIPPING, payload)}


def _answers_refusal(
    session: Session,
    campaign: Campaign,
    visit: VisitIn,
    versions: dict[int, QuestionnaireVersion | None],
) -> str | None:
    """Why the visit's questionnaire answers cannot be stored (None when they can). Only a
    version of the campaign's own questionnaire is taken: any other id would file the answers
    under a form the campaign never asked (the training quiz, another unit's survey)."""
    vid = visit.questionnaire_version_id
    if vid is None:
        return None
    if vid not in versions:
        versions[vid] = session.get(QuestionnaireVersion, vid)
    version = versions[vid]
    if (
        version is None
        or version.questionnaire_id != campaign.questionnaire_id
        or version.questionnaire.retired
    ):
        return i18n.SYNC["questionnaire_unknown"]
    try:
        questionnaires.validate_answers(version, visit.answers)
    except DomainError as wrong:
        return i18n.SYNC["answers_invalid"].format(detail=wrong.message)
    return None


def _store_answers(session: Session, stored: list[VisitIn]) -> None:
    """The answers of the visits just stored, through the questionnaire engine."""
    links = []
    for visit in stored:
        if visit.questionnaire_version_id is None:
            continue
        response = questionnaires.record_response(
            session,
            visit.questionnaire_version_id,
            visit.answers,
            source_kind=SourceKind.visit,
            source_ref=visit.uuid,
        )
        links.append({"u": visit.uuid, "r": response.id})
    if links:
        session.execute(
            text("UPDATE outreach_visits SET questionnaire_response_id = :r WHERE uuid = :u"),
            links,
        )


def _answer(key: str, what: str) -> SyncResult:
    status: Status = "refused" if what == "uuid_reused" else what  # type: ignore[assignment]
    return SyncResult(key, status, i18n.SYNC[what])


def _households(
    session: Session, actor: Principal, campaign: Campaign, ids: set[int]
) -> dict[int, tuple[int, datetime | None]]:
    """The households among `ids` in the campaign's grids and the actor's scope: id →
    (grid, deleted_at)."""
    if not ids:
        return {}
    # The campaign's grids as a subquery (service.grid_clause reads the units' paths first):
    # the whole check is one statement.
    stmt = (
        select(Household.id, Household.grid_id, Household.deleted_at)
        .join(Grid, Grid.id == Household.grid_id)
        .where(
            Household.id == any_(_array(ids, BigInteger())),
            Grid.unit_id.in_(_under(campaign)),
            owner_clause(Household, actor),
        )
    )
    # Core rows, not the ORM's: a thousand households a sync.
    return {hid: (gid, deleted) for hid, gid, deleted in session.connection().execute(stmt)}


def _under(campaign: Campaign) -> Any:
    """The ids of the units taking part in the campaign and of the units below them."""
    taking_part = aliased(Unit)
    return (
        select(Unit.id)
        .join(taking_part, Unit.path.startswith(taking_part.path))
        .where(taking_part.id == any_(_array(campaign.unit_ids)))
    )


def _roster_kinds(session: Session, campaign: Campaign, ids: set[int]) -> dict[int, str]:
    """Staff id → kind of those among `ids` who may be named present at a visit: staff of the
    units taking part, or members of a team of those units (a station's volunteer team) or
    holding one of the campaign's grids. A team's grid released since the phone recorded the
    visit offline does not refuse it. Anyone else (another 分局's officer) is refused like an
    unknown id, so ids cannot be probed."""
    under = _under(campaign)
    holding = select(GridAssignment.team_id).where(GridAssignment.campaign_id == campaign.id)
    teams = select(Team.id).where(Team.unit_id.in_(under) | Team.id.in_(holding))
    in_teams = select(TeamMember.staff_id).where(TeamMember.team_id.in_(teams))
    stmt = select(Staff.id, Staff.kind).where(
        Staff.id == any_(_array(ids)), Staff.unit_id.in_(under) | Staff.id.in_(in_teams)
    )
    return {sid: kind for sid, kind in session.execute(stmt)}


def _array(values: Iterable[Any], item: Any = None) -> Any:
    """One bound array parameter (integer[] unless told) for `column == any_(...)`."""
    return bindparam(None, list(values), type_=ARRAY(item if item is not None else Integer()))


def _refusal(
    campaign: Campaign,
    visit: VisitIn,
    households: dict[int, tuple[int, datetime | None]],
    known_staff: dict[int, str],
    own_photos: set[int],
) -> str | None:
    if campaign.status != CampaignStatus.running:
        return "not_running"
    found = households.get(visit.household_id)
    if found is None:
        return "household_unknown"
    if found[1] is not None:
        return "household_deleted"
    if not set(visit.member_staff_ids) <= known_staff.keys():
        return "member_unknown"
    if visit.photo_id is not None and visit.photo_id not in own_photos:
        return "photo_unknown"
    return None


def _row(dumped: str, grid_id: int, team_id: int | None, digest: str, missing: list[str]) -> str:
    """The row of a visit as JSON: its `model_dump_json()` text (an object) with the server's
    columns added to it."""
    server = orjson.dumps(
        {"grid_id": grid_id, "team_id": team_id, "payload_hash": digest,
         "team_rule_missing": missing}
    )  # fmt: skip
    return f"{dumped[:-1]},{server[1:].decode()}"
