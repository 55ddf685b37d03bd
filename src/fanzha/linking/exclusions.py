"""The exclusion list (values that must not link cases: a bank's hotline, a payment platform's
account) and the review queue of indicators over the linking cap."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from fanzha import clock, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.config import get_settings
from fanzha.fields import visible_text
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.identifiers import InvalidIdentifier
from fanzha.linking import links, values
from fanzha.linking.errors import (
    ExclusionExists,
    ExclusionPatternInvalid,
    ExclusionReasonMissing,
    IndicatorKindMissing,
)
from fanzha.linking.indicators import relinked_summary
from fanzha.linking.links import Relinked
from fanzha.linking.models import (
    Gang,
    Indicator,
    IndicatorKind,
    LinkExclusion,
)


def _apply_exclusion(session: Session, exclusion: LinkExclusion) -> list[int]:
    return list(
        session.scalars(
            text(
                "UPDATE indicators AS i SET excluded_by_id = e.id FROM link_exclusions e"
                f" WHERE e.id = :id AND i.kind = e.kind AND i.value LIKE {links.LIKE_PATTERN}"
                " AND i.excluded_by_id IS NULL RETURNING i.id"
            ),
            {"id": exclusion.id},
        )
    )


def add_exclusion(
    session: Session,
    actor: Principal,
    *,
    kind: IndicatorKind,
    pattern: str,
    reason: str,
    gang: Gang | None = None,
) -> tuple[LinkExclusion, Relinked]:
    """Never link on this value (or pattern): the cases it joined are regrouped at once.
    Returns the exclusion and the relinking it caused. Raises IndicatorKindMissing,
    ExclusionPatternInvalid, ExclusionReasonMissing (422) and ExclusionExists (409)."""
    if kind not in zh_CN.INDICATOR_KINDS:
        raise IndicatorKindMissing(field="kind")
    try:
        normalized = values.normalize_pattern(kind, pattern)
    except InvalidIdentifier as exc:
        raise ExclusionPatternInvalid(problem=str(exc), field="pattern") from exc
    reason = visible_text(reason)
    if not reason:
        raise ExclusionReasonMissing(field="reason")
    if session.scalar(
        select(LinkExclusion.id).where(
            LinkExclusion.kind == kind, LinkExclusion.pattern == normalized
        )
    ):
        raise ExclusionExists(pattern=normalized)
    exclusion = LinkExclusion(
        kind=kind,
        pattern=normalized,
        reason=reason[:300],
        gang_id=gang.id if gang else None,
        created_by_id=actor.user_id,
    )
    session.add(exclusion)
    session.flush()  # its id marks the indicators it covers
    affected = _apply_exclusion(session, exclusion)
    result = links.relink(session, indicators=affected)
    audit.record(
        session,
        actor,
        AuditAction.exclusion_added,
        target_type="link_exclusions",
        target_id=exclusion.id,
        summary=i18n.AUDIT["excluded"].format(
            kind=zh_CN.INDICATOR_KINDS[kind],
            pattern=normalized,
            reason=reason[:60],
            count=len(affected),
            relinked=relinked_summary(result),
        ),
        detail={"gang_id": gang.id if gang else None, "indicators": len(affected)},
    )
    return exclusion, result


def remove_exclusion(session: Session, actor: Principal, exclusion: LinkExclusion) -> Relinked:
    """Let the value link again; another exclusion still matching keeps it out."""
    freed = list(
        session.scalars(
            text(
                "UPDATE indicators SET excluded_by_id = NULL WHERE excluded_by_id = :id"
                " RETURNING id"
            ),
            {"id": exclusion.id},
        )
    )
    label = f"{zh_CN.INDICATOR_KINDS[exclusion.kind]} {exclusion.pattern}"
    session.delete(exclusion)
    session.flush()  # the exclusion is gone before the others are matched again
    links.match_exclusions(session, freed)
    result = links.relink(session, indicators=freed)
    audit.record(
        session,
        actor,
        AuditAction.exclusion_removed,
        target_type="link_exclusions",
        summary=i18n.AUDIT["exclusion_removed"].format(
            label=label, relinked=relinked_summary(result)
        ),
    )
    return result


_KEPT_OUT = (
    select(func.count())
    .where(Indicator.excluded_by_id == LinkExclusion.id)
    .correlate(LinkExclusion)
    .scalar_subquery()
)
EXCLUSION_SORTS: listing.Sorts = {
    "kind": [LinkExclusion.kind],
    "pattern": [LinkExclusion.pattern],
    "kept_out": [_KEPT_OUT],
    "created": [LinkExclusion.created_at],
}


def exclusions(
    session: Session, query: listing.ListQuery | None = None
) -> listing.Page[tuple[LinkExclusion, int]]:
    """The exclusion list, newest first, as (exclusion, how many indicators it keeps out);
    the text filter matches the pattern or the reason, the day window the day it was added."""
    query = query or listing.ListQuery()
    stmt = select(LinkExclusion, _KEPT_OUT).where(
        *listing.text_match(query, LinkExclusion.pattern, LinkExclusion.reason),
        *listing.day_window(LinkExclusion.created_at, query),
    )
    order = (LinkExclusion.id.desc(),)
    return listing.paginate(session, stmt, query, EXCLUSION_SORTS, order, scalars=False)


def review_queue(session: Session) -> list[Indicator]:
    """Values over the cap that stopped linking and wait for an analyst."""
    return list(
        session.scalars(
            select(Indicator)
            .where(
                Indicator.case_count > get_settings().linking_cap,
                Indicator.excluded_by_id.is_(None),
                Indicator.link_approved.is_(False),
            )
            .order_by(Indicator.case_count.desc())
        )
    )


def keep_linking(session: Session, actor: Principal, indicator: Indicator) -> Relinked:
    """The analyst judged a busy value genuine (one gang's collection account): it links
    again above the cap."""
    indicator.link_approved = True
    indicator.reviewed_at = clock.now()
    session.flush()  # relink reads the flag in SQL
    result = links.relink(session, indicators=[indicator.id])
    audit.record(
        session,
        actor,
        AuditAction.indicator_reviewed,
        target_type="indicators",
        target_id=indicator.id,
        summary=i18n.AUDIT["over_cap_approved"].format(
            value=indicator.value, relinked=relinked_summary(result)
        ),
    )
    return result
