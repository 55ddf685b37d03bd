from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, field_validator

from fanzha import clock
from fanzha.access import API_KEY_SCOPES
from fanzha.auth.models import Role
from fanzha.auth.passwords import MAX_LENGTH, MIN_LENGTH, check_password
from fanzha.fields import InputModel, LocalDateTime, Optional, Ref, Text
from fanzha.i18n import auth as i18n

Username = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=3, max_length=50, pattern=r"^[A-Za-z0-9_.-]+$"
    ),
]
# Length in the schema (so the API documents it), then the strength check of the one policy.
Password = Annotated[
    str,
    StringConstraints(min_length=MIN_LENGTH, max_length=MAX_LENGTH),
    AfterValidator(check_password),
]


class UserIn(InputModel):
    username: Username
    display_name: Text
    role: Role
    unit_id: Ref
    password: Password
    staff_id: Ref | None = None


class UserUpdate(InputModel):
    display_name: Text
    role: Role
    unit_id: Ref
    is_active: bool = True


class PasswordReset(InputModel):
    password: Password


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    display_name: str
    role: Role
    unit_id: Ref
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


class ApiKeyIn(InputModel):
    name: Text
    unit_id: Ref
    scopes: list[str]
    # Shanghai time as the form writes it (2027-06-30T23:59); absent: valid until revoked.
    expires_at: Annotated[LocalDateTime | None, Optional] = None

    @field_validator("expires_at")
    @classmethod
    def _in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value <= clock.now():
            raise ValueError(i18n.API_KEY_FORM["expiry_in_past"])
        return value

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - {s.value for s in API_KEY_SCOPES})
        if unknown:
            raise ValueError(i18n.API_KEY_FORM["unknown_scopes"].format(scopes=", ".join(unknown)))
        if not value:
            raise ValueError(i18n.API_KEY_FORM["no_scope"])
        return sorted(set(value))


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    prefix: str
    unit_id: int
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    expires_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str  # shown once, never stored


class MeOut(BaseModel):
    kind: str
    name: str
    role: Role | None
    unit_id: int | None
    permissions: list[str]
