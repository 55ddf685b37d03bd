"""Forms of the directory of other centers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from fanzha.fields import InputModel


class CenterIn(InputModel):
    province: Annotated[str, Field(min_length=2, max_length=20)]
    city: Annotated[str, Field(max_length=20)] = ""
    name: Annotated[str, Field(min_length=2, max_length=60)]
    phone: Annotated[str, Field(max_length=30)] = ""
    note: Annotated[str, Field(max_length=200)] = ""
    active: bool = True
