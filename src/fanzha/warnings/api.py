"""JSON routes of the warnings domain: intake for platforms and banks, feedback to pull."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from fanzha.access import Permission, Principal
from fanzha.fields import Cursor
from fanzha.warnings import feedback, intake
from fanzha.warnings.schemas import BatchIn, BatchOut, FeedbackOut, WarningIn, WarningOut
from fanzha.web.deps import DbSession, require
from fanzha.web.scoped import ScopedWarning

router = APIRouter(prefix="/api/v1", tags=["warnings"])

Sender = Annotated[Principal, Depends(require(Permission.warnings_intake))]
Reader = Annotated[Principal, Depends(require(Permission.warnings_read))]
FeedbackReader = Annotated[Principal, Depends(require(Permission.warnings_feedback))]


@router.post("/warnings", status_code=201, responses={200: {"model": WarningOut}})
def receive_one(body: WarningIn, session: DbSession, actor: Sender) -> JSONResponse:
    """One warning. 201 when new; 200 with the stored record when it was already received."""
    warning, created = intake.receive_one(session, actor, body)
    return JSONResponse(warning.model_dump(mode="json"), status_code=201 if created else 200)


@router.post("/warnings:batch")
def receive_batch(body: BatchIn, session: DbSession, actor: Sender) -> BatchOut:
    """Up to 1,000 warnings; valid items are kept, invalid ones reported by index."""
    return intake.receive_batch(session, actor, body.items)


@router.get("/warnings/feedback")
def pull_feedback(
    session: DbSession,
    actor: FeedbackReader,
    after: Cursor = 0,
    after_id: Cursor = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> list[FeedbackOut]:
    """平台反馈 to pull: every outcome fed back or corrected since the platform's cursor
    (`after`: the highest `cursor` it has taken), in order. `after_id`, the old name, means
    the same (rows fed back before cursors existed carry their id as their cursor)."""
    return feedback.pull(session, actor, after=max(after, after_id), limit=limit)


@router.get("/warnings/{warning_id:int}")
def get_warning(session: DbSession, actor: Reader, warning: ScopedWarning) -> WarningOut:
    return WarningOut.model_validate(warning)
