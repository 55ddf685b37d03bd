"""Reward pages (奖励申报): the list and register, a new application (pre-filled from a
warning closed 已劝阻), the record with its beneficiaries, review, confirmation and payment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import history
from fanzha.config import get_settings
from fanzha.excel import Yuan
from fanzha.fields import RecordId
from fanzha.i18n import rewards as i18n
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.rewards import clocks, register, service
from fanzha.rewards.errors import RewardClaimCodeWrong
from fanzha.rewards.models import (
    BeneficiaryKind,
    EvidenceKind,
    RewardApplication,
    RewardGround,
    RewardStatus,
)
from fanzha.rewards.schemas import (
    BeneficiaryIn,
    ClaimIn,
    FoundationIn,
    PaymentIn,
    ReasonIn,
    RewardIn,
)
from fanzha.vault.service import Identity
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict, validate_form
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/rewards")

Reader = Annotated[Principal, Depends(require(Permission.rewards_read))]
Applicant = Annotated[Principal, Depends(require(Permission.rewards_apply))]
Reviewer = Annotated[Principal, Depends(require(Permission.rewards_review))]
FILTERS = ("status", "ground", "lapsed")


def _number(text: str, low: int, high: int) -> int | None:
    """A query parameter as an int in low..high, else None (ASCII digits only: "²" is a
    digit int() refuses, and a 5,000-digit number is one it will not convert)."""
    if text.isascii() and text.isdigit() and len(text) <= 10 and low <= int(text) <= high:
        return int(text)
    return None


def _common() -> dict:
    return {
        "t": i18n.TEXT,
        "grounds": i18n.GROUNDS,
        "definitions": i18n.GROUND_DEFINITIONS,
        "statuses": i18n.STATUSES,
        "kinds": i18n.BENEFICIARY_KINDS,
        "evidence_kinds": i18n.EVIDENCE_KINDS,
        "yuan": format_yuan,
    }


@router.get("")
def list_page(request: Request, session: DbSession, actor: Reader) -> Response:
    view = lists.list_view(request, FILTERS)
    if lists.wants_export(request):
        stmt = register.applications(actor, view.query)
        rows = listing.every_row(session, stmt, view.query, register.SORTS, register.DEFAULT_ORDER)
        return lists.export(
            session,
            actor,
            view,
            name="rewards",
            headers=[
                i18n.TEXT[k] for k in ("number", "ground", "status", "amount", "beneficiaries")
            ],
            rows=[
                (
                    a.number,
                    i18n.GROUNDS[a.ground],
                    i18n.STATUSES[a.status],
                    Yuan(a.amount_fen),
                    "、".join(b.label for b in a.beneficiaries),
                )
                for a in rows
            ],
        )
    page = register.page(session, actor, view.query)
    return render(
        request,
        "rewards/list.html",
        actor,
        page=page,
        view=view,
        now=clock.now(),
        **_common(),
    )


@router.get("/register")
def register_page(request: Request, session: DbSession, actor: Reader) -> Response:
    year = _number(request.query_params.get("year", ""), 2000, 2100) or register.this_year()
    figures = register.figures(session, actor, year, clock.now())
    if lists.wants_export(request):
        view = lists.list_view(request, ("year",))
        return lists.export(
            session,
            actor,
            view,
            name="reward_register",
            headers=list(i18n.REGISTER_HEADERS),
            rows=[
                (
                    i18n.GROUNDS[f.ground],
                    f.applied,
                    f.confirmed,
                    f.paid,
                    Yuan(f.paid_fen),
                    f.rejected,
                    f.mean_days_to_pay,  # a number, or an empty cell when none was paid
                    f.lapsed,
                )
                for f in figures
            ],
        )
    return render(request, "rewards/register.html", actor, figures=figures, year=year, **_common())


def _new(request, session, actor, status_code=200, form=None, errors=None):
    return render(
        request,
        "rewards/new.html",
        actor,
        status_code=status_code,
        form=form or {},
        errors=errors or {},
        bands={g.value: service.band_fen(g) for g in RewardGround},
        major_grounds=[g.value for g in service.MAJOR_GROUNDS],
        **_common(),
    )


@router.get("/new")
def new_page(request: Request, session: DbSession, actor: Applicant) -> Response:
    """`?warning_id=` pre-fills a ground-9 application from a warning closed 已劝阻; `?tip_id=`
    one for a tip's reporter."""
    warning_id = _number(request.query_params.get("warning_id", ""), 1, 2**31 - 1)
    tip_id = _number(request.query_params.get("tip_id", ""), 1, 2**31 - 1)
    form: dict = {}
    if tip_id is not None:
        form = service.from_tip(session, actor, tip_id)
    if warning_id is not None:
        filled = service.from_warning(session, actor, warning_id)
        form = {"ground": filled["ground"].value, "warning_id": filled["warning_id"]}
        form["deed"] = filled["deed"]
        form["staff_id"] = filled["staff_id"] or ""
    return _new(request, session, actor, form=form)


@router.post("/new")
def new_submit(
    request: Request, session: DbSession, actor: Applicant, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(RewardIn, form)
    if data is None:
        return _new(request, session, actor, 422, form, errors)
    evidence = tuple(
        (kind, ref)
        for kind, ref in (
            (EvidenceKind.warning, data.warning_id),
            (EvidenceKind.case, data.case_id),
            (EvidenceKind.lead, data.lead_id),
            (EvidenceKind.tip, data.tip_id),
        )
        if ref
    )
    app = service.create(
        session,
        actor,
        service.RewardDraft(
            ground=data.ground,
            amount_fen=data.amount_fen,
            deed=data.deed,
            justification=data.justification,
            major=data.major,
            arrests=data.arrests,
            evidence=evidence,
        ),
    )
    if data.staff_id is not None:  # the dissuader of the warning it was filled from
        service.add_staff(session, actor, app, data.staff_id)
    if data.tip_id:  # the reporter of the tip it was filled from
        service.add_reporter(session, actor, app, data.tip_id)
    return see_other(f"/rewards/{app.id}")


def _scoped(session, actor: Principal, reward_id: int) -> RewardApplication:
    return scope.get_scoped(session, actor, RewardApplication, reward_id)


def _detail(request, session, actor, app: RewardApplication, status_code=200, **extra):
    return render(
        request,
        "rewards/detail.html",
        actor,
        status_code=status_code,
        app=app,
        exclusions=service.exclusions(session, app)
        if app.status in (RewardStatus.draft, *service.REVIEW)
        else [],
        outside=service.outside_band(app),
        has_tip=any(e.kind == EvidenceKind.tip for e in app.evidence),
        lapsed=clocks.is_lapsed(app, clock.now()),
        now=clock.now(),
        history=history.timeline(session, actor, {"reward_applications": [app.id]}),
        can_apply=actor.can(Permission.rewards_apply),
        can_review=actor.can(Permission.rewards_review),
        today=register.default_paid_on(),
        pay_days=get_settings().reward_pay_days,
        Kind=BeneficiaryKind,
        S=RewardStatus,
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        **extra,
        **_common(),
    )


def _validated(request, session, actor, app, schema, posted):
    """The posted form checked against `schema`: (data, None), or (None, the record page again
    with each field's error, 422)."""
    form = form_dict(posted)
    data, errors = validate_form(schema, form)
    if data is not None:
        return data, None
    return None, _detail(request, session, actor, app, 422, errors=errors, form=form)


@router.get("/{reward_id}")
def detail(reward_id: RecordId, request: Request, session: DbSession, actor: Reader) -> Response:
    return _detail(request, session, actor, _scoped(session, actor, reward_id))


@router.post("/{reward_id}/beneficiaries")
def add_beneficiary(
    reward_id: RecordId, request: Request, session: DbSession, actor: Applicant, posted: PostedForm
) -> Response:
    app = _scoped(session, actor, reward_id)
    data, refused = _validated(request, session, actor, app, BeneficiaryIn, posted)
    if refused is not None:
        return refused
    form = form_dict(posted)
    identity = Identity(
        name=data.name or "",
        phone=data.phone or "",
        id_number=data.id_number or "",
        bank_account=data.bank_account or "",
        bank_name=data.bank_name,
    )
    if data.kind == BeneficiaryKind.citizen:
        if not data.name:
            errors = {"name": i18n.TEXT["name_needed"]}
            return _detail(request, session, actor, app, 422, errors=errors, form=form)
        service.add_citizen(session, actor, app, identity, data.weight)
    elif data.kind == BeneficiaryKind.staff:
        if data.staff_id is None:
            errors = {"staff_id": i18n.TEXT["staff_needed"]}
            return _detail(request, session, actor, app, 422, errors=errors, form=form)
        service.add_staff(session, actor, app, data.staff_id, data.weight, identity)
    else:
        service.add_anonymous(session, actor, app, data.weight)
    return see_other(f"/rewards/{app.id}")


@router.post("/{reward_id}/submit")
def submit(reward_id: RecordId, session: DbSession, actor: Applicant) -> Response:
    """Raises RewardNoBeneficiary, RewardExcluded (409, the reasons named)."""
    app = _scoped(session, actor, reward_id)
    service.submit(session, actor, app)
    return see_other(f"/rewards/{app.id}", i18n.TEXT["submitted_flash"])


@router.post("/{reward_id}/approve")
def approve(
    reward_id: RecordId, session: DbSession, actor: Reviewer, posted: PostedForm
) -> Response:
    """Raises RewardOwnApplication, RewardSameApprover (403), IllegalMove and
    RewardStepChanged (409: the page showed a step another reviewer has since taken)."""
    app = _scoped(session, actor, reward_id)
    step = str(posted.get("step") or "")
    seen = RewardStatus(step) if step in {s.value for s in RewardStatus} else None
    service.approve(session, actor, app, seen)
    return see_other(f"/rewards/{app.id}", i18n.TEXT["approved_flash"])


@router.post("/{reward_id}/reject")
def reject(
    reward_id: RecordId, request: Request, session: DbSession, actor: Reviewer, posted: PostedForm
) -> Response:
    app = _scoped(session, actor, reward_id)
    data, refused = _validated(request, session, actor, app, ReasonIn, posted)
    if refused is not None:
        return refused
    service.reject(session, actor, app, data.reason)
    return see_other(f"/rewards/{app.id}", i18n.TEXT["rejected_flash"])


@router.post("/{reward_id}/confirm")
def confirm(
    reward_id: RecordId, request: Request, session: DbSession, actor: Reviewer, posted: PostedForm
) -> Response:
    """The foundation's confirmation: the 15-day payment clock starts."""
    app = _scoped(session, actor, reward_id)
    data, refused = _validated(request, session, actor, app, FoundationIn, posted)
    if refused is not None:
        return refused
    service.confirm(session, actor, app, data.foundation_ref)
    return see_other(f"/rewards/{app.id}", i18n.TEXT["confirmed_flash"])


@router.post("/{reward_id}/beneficiaries/{beneficiary_id}/verify")
def verify(
    reward_id: RecordId, beneficiary_id: RecordId, session: DbSession, actor: Reviewer
) -> Response:
    app = _scoped(session, actor, reward_id)
    service.verify_account(session, actor, service.beneficiary(session, app, beneficiary_id))
    return see_other(f"/rewards/{app.id}")


@router.post("/{reward_id}/beneficiaries/{beneficiary_id}/claim")
def claim(
    reward_id: RecordId,
    beneficiary_id: RecordId,
    request: Request,
    session: DbSession,
    actor: Reviewer,
    posted: PostedForm,
) -> Response:
    """An anonymous reporter at the counter: the ID shown goes into the vault."""
    app = _scoped(session, actor, reward_id)
    person = service.beneficiary(session, app, beneficiary_id)
    data, refused = _validated(request, session, actor, app, ClaimIn, posted)
    if refused is not None:
        return refused
    identity = Identity(
        name=data.name,
        phone=data.phone or "",
        id_number=data.id_number,
        bank_account=data.bank_account,
        bank_name=data.bank_name,
    )
    try:
        with session.begin_nested():
            service.claim_in_person(session, actor, person, identity, data.code)
    except RewardClaimCodeWrong as exc:
        form = form_dict(posted)
        errors = {"code": exc.message}
        return _detail(request, session, actor, app, exc.status_code, errors=errors, form=form)
    return see_other(f"/rewards/{app.id}")


@router.post("/{reward_id}/pay")
def pay(
    reward_id: RecordId, request: Request, session: DbSession, actor: Reviewer, posted: PostedForm
) -> Response:
    """Raises RewardUnverifiedAccount (409), RewardPaidOnInvalid (422)."""
    app = _scoped(session, actor, reward_id)
    data, refused = _validated(request, session, actor, app, PaymentIn, posted)
    if refused is not None:
        return refused
    service.pay(session, actor, app, data.transfer_ref, data.paid_on)
    return see_other(f"/rewards/{app.id}", i18n.TEXT["paid_flash"])
