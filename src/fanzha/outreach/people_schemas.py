"""Forms of outreach events, volunteer teams and training sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from fanzha.fields import InputModel, LocalDateTime, Maybe, Ref, Text
from fanzha.i18n import outreach_people as i18n
from fanzha.outreach.people_models import EventKind

Count = Annotated[int, Field(ge=0, le=10_000_000)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Link = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
MAX_LENGTH = timedelta(days=7)


def _ordered(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValueError(i18n.FORM["ends_before_start"])
    if ends_at - starts_at > MAX_LENGTH:
        raise ValueError(i18n.FORM["too_long"])


class EventIn(InputModel):
    """An outreach event as the form sends it: local date-times, counts as whole numbers."""

    kind: EventKind
    title: Text
    place: Place
    starts_at: LocalDateTime
    ends_at: LocalDateTime
    unit_id: Ref
    team_id: Maybe[Ref] = None
    campaign_id: Maybe[Ref] = None
    audience_onsite: Count = 0
    audience_online: Count = 0
    materials: Count = 0
    note: Note = ""
    staff_ids: list[Ref] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _order(self) -> EventIn:
        _ordered(self.starts_at, self.ends_at)
        return self


class VolunteerTeamIn(InputModel):
    name: Text
    unit_id: Ref


class TrainingIn(InputModel):
    """A training session: where (a place, a video link, or both) and which units are invited."""

    topic: Text
    trainer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    starts_at: LocalDateTime
    ends_at: LocalDateTime
    unit_id: Ref
    place: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    video_url: Link = ""
    invited_unit_ids: list[Ref] = Field(default_factory=list, max_length=500)
    pass_score: Annotated[int, Field(ge=0, le=100)] = 60
    quiz_id: Maybe[Ref] = None  # a questionnaire of purpose 培训测验

    @model_validator(mode="after")
    def _check(self) -> TrainingIn:
        _ordered(self.starts_at, self.ends_at)
        if not self.place and not self.video_url:
            raise ValueError(i18n.FORM["place_or_video"])
        return self
