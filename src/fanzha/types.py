"""Column types shared by every domain's models."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """A StrEnum stored as its value in a VARCHAR with a CHECK constraint (no PG enum type,
    so adding a value later is a plain migration)."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
