"""JSON routes of the field page: the walk list to cache, the visit sync, one contact revealed.

Session + CSRF like the page posts (the page sends the token in the X-CSRF-Token header). The
sync contract: body {"visits": [VisitIn, ...]}; answer {"results": [{uuid, status, message}]}
with status created | unchanged | refused, one per item in order (see `fanzha.outreach.sync`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse

from fanzha.access import Permission, Principal
from fanzha.fields import Maybe, RecordId, Ref
from fanzha.i18n import outreach as i18n
from fanzha.outreach import households, service, sync
from fanzha.outreach.errors import SyncMalformed
from fanzha.web.deps import DbSession, require

router = APIRouter(prefix="/outreach")

Visitor = Annotated[Principal, Depends(require(Permission.outreach_visit))]


@router.get("/campaigns/{campaign_id:int}/walk-list.json", response_class=JSONResponse)
def walk_list_json(
    session: DbSession, actor: Visitor, campaign_id: RecordId, team: Maybe[Ref] = None
):
    """The households the phone caches for offline work, contacts masked, priority first."""
    campaign = service.get_campaign(session, actor, campaign_id)
    return {
        "campaign": {
            "id": campaign.id,
            "name": campaign.name,
            "status": campaign.status.value,
            "five_ones": list(campaign.five_ones),
            "team_rule": campaign.team_rule,
            "questionnaire_id": campaign.questionnaire_id,
        },
        "labels": {
            "outcomes": i18n.OUTCOMES,
            "five_ones": i18n.FIVE_ONES,
            "flags": i18n.FLAGS,
            "reasons": i18n.PRIORITY_REASONS,
        },
        "households": service.walk_list(session, actor, campaign, team),
    }


@router.post("/campaigns/{campaign_id:int}/visits/sync", response_class=JSONResponse)
def visits_sync(
    session: DbSession,
    actor: Visitor,
    campaign_id: RecordId,
    body: Annotated[Any, Body()] = None,
) -> JSONResponse:
    """Store the phone's queued visits (idempotent by UUID); one result per item."""
    if not isinstance(body, dict) or not isinstance(body.get("visits"), list):
        raise SyncMalformed(detail="visits")
    results = sync.sync_visits(session, actor, campaign_id, body["visits"])
    return JSONResponse({"results": [r.as_json() for r in results]})


@router.post("/households/{household_id:int}/reveal", response_class=JSONResponse)
def household_reveal(session: DbSession, actor: Visitor, household_id: RecordId) -> dict[str, str]:
    """The contact of the household being visited, in full; audited."""
    return households.reveal(session, actor, household_id)
