from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from fanzha.auth.models import Role
from fanzha.auth.permissions import API_KEY_SCOPES
from fanzha.fields import InputModel, Ref, Text

Username = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=3, max_length=50, pattern=r"^[A-Za-z0-9_.-]+$"
    ),
]
Password = Annotated[str, StringConstraints(min_length=10, max_length=200)]


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

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - {s.value for s in API_KEY_SCOPES})
        if unknown:
            raise ValueError(f"不支持的权限范围：{', '.join(unknown)}")
        if not value:
            raise ValueError("至少选择一项权限范围")
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


class ApiKeyCreated(ApiKeyOut):
    key: str  # shown once, never stored


class MeOut(BaseModel):
    kind: str
    name: str
    role: Role | None
    unit_id: int | None
    permissions: list[str]
