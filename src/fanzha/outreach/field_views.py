"""The door-knock field page on a phone (入户走访), which keeps working offline: the campaign
picker, the page shell (the walk list, roster and questionnaire are drawn by
static/js/visit.js, which queues visits in IndexedDB and syncs them), its service worker, the
photo upload and the one-household reveal."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from fanzha.access import Permission, Principal
from fanzha.fields import RecordId
from fanzha.i18n import outreach as labels
from fanzha.i18n import outreach_field as i18n
from fanzha.org.models import Team
from fanzha.org.scope import get_scoped
from fanzha.outreach import field, photos, sync
from fanzha.outreach.field_errors import PhotoMissing
from fanzha.outreach.models import Campaign
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile
from fanzha.web.responses import JavaScript, JpegImage
from fanzha.web.templating import PACKAGE, render

router = APIRouter()

Visitor = Annotated[Principal, Depends(require(Permission.outreach_visit))]
Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]

STATIC = PACKAGE / "web" / "static"
# What the service worker precaches (revisioned by content): the shell's styles and scripts
# and the libraries they load.
PRECACHED = (
    "css/app.css",
    "css/visit.css",
    "js/app.js",
    "js/visit.js",
    "js/visit_queue.js",
    "vendor/htmx/htmx.min.js",
    "vendor/idb-keyval/idb-keyval.js",
    "vendor/noto-sans-sc/400.css",
    "vendor/workbox/workbox-sw.js",
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
)


@router.get("/outreach/field")
def picker(request: Request, session: DbSession, actor: Visitor) -> Response:
    """The campaigns under way the visitor may work in; one of them opens its field page."""
    return render(
        request,
        "outreach/field_pick.html",
        actor,
        campaigns=field.running_campaigns(session, actor),
        text=i18n,
    )


@router.get("/outreach/field/sw.js", response_class=JavaScript)
def service_worker(actor: Visitor) -> Response:
    """The field page's service worker. Served from /outreach/field/ so its scope covers the
    picker (/outreach/field) with the header below, and the pages of each campaign."""
    return Response(
        _worker_source(),
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/outreach/field", "Cache-Control": "no-cache"},
    )


@router.get("/outreach/field/{campaign_id:int}")
def field_page(
    request: Request, session: DbSession, actor: Visitor, campaign_id: RecordId
) -> Response:
    """The page shell of one campaign: what the script needs to work offline rides in it."""
    campaign = get_scoped(session, actor, Campaign, campaign_id)
    teams = field.my_teams(session, actor, campaign)
    # Visitors reveal only the households of their team's grids: one with no team in the
    # campaign gets no reveal button (it offered one that always answered 无权查看).
    reveals = bool(teams) or actor.can(Permission.outreach_plan)
    kit = {
        "campaign_id": campaign.id,
        "walk_list": _walk_list_url(campaign, teams),
        "sync": f"/outreach/campaigns/{campaign.id}/visits/sync",
        "sync_batch": sync.FIELD_BATCH,
        "photos": "/outreach/field/photos",
        "probe": "/healthz",  # never cached: whether the server answers at all
        "reveal": f"/outreach/field/{campaign.id}/households/{{id}}/reveal" if reveals else None,
        "roster": [asdict(m) for m in field.roster(session, actor, campaign)],
        "five_ones": [{"code": k, "label": v} for k, v in labels.FIVE_ONES.items()],
        "outcomes": [{"code": k, "label": v} for k, v in labels.OUTCOMES.items()],
        "flags": labels.FLAGS,
        "questionnaire": field.questionnaire(session, campaign),
        "text": {**i18n.PAGE, **i18n.FORM},
    }
    return render(
        request,
        "outreach/field.html",
        actor,
        campaign=campaign,
        kit=kit,
        text=i18n,
        labels=labels,
    )


@router.post(
    "/outreach/field/{campaign_id:int}/households/{household_id:int}/reveal",
    response_class=JSONResponse,
)
def reveal_household(
    session: DbSession, actor: Visitor, campaign_id: RecordId, household_id: RecordId
) -> JSONResponse:
    """The contact of the household the visitor opened, unmasked and audited."""
    campaign = get_scoped(session, actor, Campaign, campaign_id)
    household = field.household_to_visit(session, actor, campaign, household_id)
    return JSONResponse(field.reveal(session, actor, household))


@router.post("/outreach/field/photos")
def upload_photo(
    session: DbSession, actor: Visitor, form: PostedForm, upload: UploadedFile
) -> JSONResponse:
    """One photo from the phone (fields `uuid` and `file`); the same uuid again answers the
    photo already stored. Answers {"id", "uuid"}."""
    try:
        client_uuid = uuid.UUID(str(form.get("uuid") or ""))
    except ValueError as exc:
        raise PhotoMissing(field="uuid") from exc
    photo = photos.store(session, actor, client_uuid, upload.content)
    return JSONResponse({"id": photo.id, "uuid": str(photo.client_uuid)})


@router.get("/outreach/photos/{photo_id:int}", response_class=JpegImage)
def photo(session: DbSession, actor: Reader, photo_id: RecordId) -> Response:
    """The stripped copy of a visit photo (the sealed original is never served)."""
    found = get_scoped(session, actor, photos.VisitPhoto, photo_id)
    return FileResponse(
        photos.copy_file(found),
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=3600"},
    )


def _walk_list_url(campaign: Campaign, teams: list[Team]) -> str:
    """The walk list of the visitor's team (the first, for someone in two); a visitor with no
    team in the campaign gets every household of it they may see."""
    url = f"/outreach/campaigns/{campaign.id}/walk-list.json"
    return f"{url}?team={teams[0].id}" if teams else url


@lru_cache(maxsize=1)
def _worker_source() -> str:
    manifest = [
        {"url": f"/static/{name}", "revision": _revision(STATIC / name)} for name in PRECACHED
    ]
    template = (STATIC / "js" / "visit_sw.js").read_text(encoding="utf-8")
    return template.replace("self.__PRECACHE__", json.dumps(manifest))


def _revision(path) -> str:  # type: ignore[no-untyped-def]
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
