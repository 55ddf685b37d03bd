"""Response helpers shared by every domain's pages."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import JSONResponse, Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxFile(Response):
    """`response_class` of a route answering an .xlsx download, so the schema says so."""

    media_type = XLSX


class PdfFile(Response):
    media_type = "application/pdf"


# The same for the other kinds a route answers with besides pages and JSON: the schema (and
# the fuzz that checks answers against it) must name what the route really sends.
class PngImage(Response):
    media_type = "image/png"


class JpegImage(Response):
    media_type = "image/jpeg"


class GeoJson(JSONResponse):
    """JSON by kind, so the schema documents a JSON body rather than a string."""

    media_type = "application/geo+json"


class JavaScript(Response):
    media_type = "text/javascript"


def xlsx_response(content: bytes, filename: str) -> Response:
    """An .xlsx download; the Chinese file name survives every browser (RFC 5987)."""
    return Response(content, media_type=XLSX, headers=_disposition("attachment", filename))


def pdf_response(content: bytes, filename: str) -> Response:
    """A PDF shown in the browser (printed from there), saved under its Chinese name."""
    return Response(
        content, media_type=PdfFile.media_type, headers=_disposition("inline", filename)
    )


def _disposition(kind: str, filename: str) -> dict[str, str]:
    return {"Content-Disposition": f"{kind}; filename*=UTF-8''{quote(filename)}"}
