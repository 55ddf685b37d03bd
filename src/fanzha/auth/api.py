"""JSON routes of the auth domain."""

from __future__ import annotations

from fastapi import APIRouter

from fanzha.auth.schemas import MeOut
from fanzha.web.deps import SignedIn

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.get("/me")
def me(principal: SignedIn) -> MeOut:
    """Who the caller is: a user or an API key, its unit and its permissions."""
    return MeOut(
        kind=principal.kind,
        name=principal.name,
        role=principal.role,
        unit_id=principal.unit_id,
        permissions=sorted(p.value for p in principal.permissions),
    )
