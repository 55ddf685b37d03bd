"""HTML form handling: validate with the same pydantic schemas as the API, errors in Chinese.

Routes that touch the database are plain `def` (run in the threadpool), so they cannot await
`request.form()`; the async dependencies here parse the form (and read an uploaded file) on the
event loop and hand the result to the route. Starlette keeps the parsed form on the request, so
the CSRF check and these dependencies parse it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from fanzha.errors import InvalidInput
from fanzha.i18n.validation import field_errors

M = TypeVar("M", bound=BaseModel)


async def posted_form(request: Request) -> FormData:
    """The request's form fields (empty for a body that is not a form)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


@dataclass(frozen=True)
class Upload:
    """The form's `file` field: its name as the browser sent it and its bytes (b"" if none)."""

    filename: str
    content: bytes


async def uploaded_file(form: PostedForm) -> Upload:
    upload = form.get("file")
    if upload is None or not hasattr(upload, "read"):
        return Upload("", b"")
    # UploadFile.read hands a file spooled to disk to the threadpool itself.
    return Upload(getattr(upload, "filename", "") or "", await upload.read())


UploadedFile = Annotated[Upload, Depends(uploaded_file)]


class FormInvalid(InvalidInput):
    """A form whose fields fail their checks (`problems` names each, in one line)."""

    code = "form_invalid"


def validate_form(schema: type[M], form: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """The parsed model, or None and the errors to show beside each field."""
    try:
        return schema.model_validate(form), {}
    except ValidationError as exc:
        return None, field_errors(exc)


def form_dict(form: Any, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """A starlette FormData as a plain dict: multi-valued fields in `lists`, the CSRF token
    dropped, unchecked checkboxes simply absent."""
    data: dict[str, Any] = {}
    for key in form:
        if key == "csrf_token":
            continue
        data[key] = form.getlist(key) if key in lists else form.get(key)
    for key in lists:
        data.setdefault(key, [])
    return data
