"""What an uploaded file really is, by its bytes (never its name): a workbook (xlsx, xls),
an HTML table saved as .xls, delimited text in whatever encoding a Windows Excel user
produced — or something else (a PDF, a photo, an archive, a Word document), named so the
officer can be told. Pure: no database.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass

SAMPLE = 1 << 16

# Kinds the statement readers take; any other kind names what the file is instead.
READABLE = frozenset({"xlsx", "xls", "html", "csv"})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "rtf"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls, .doc, .ppt
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer's names for encodings a Chinese Excel writes, and what to decode with:
# GB2312 and GBK are subsets of GB18030, which also reads the characters they lack.
_CHINESE = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "big5"}
_TABLE_TAG = re.compile(rb"<\s*(table|tr|td)\b", re.IGNORECASE)
_XML_SHEET = b"urn:schemas-microsoft-com:office:spreadsheet"


@dataclass(frozen=True)
class Sniffed:
    kind: str  # one of READABLE, or what the file is: pdf, jpeg, zip, docx, binary …
    encoding: str = ""  # for html and csv: how to decode the bytes


def sniff(content: bytes) -> Sniffed:
    """The kind of `content` by its first bytes and, for text, its encoding."""
    head = content[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return Sniffed(kind)
    if head[4:8] == b"ftyp":
        return Sniffed("heic" if head[8:12] in (b"heic", b"heix", b"mif1") else "video")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Sniffed("webp")
    if head.startswith(b"BM") and len(content) > 26 and content[6:10] == b"\x00\x00\x00\x00":
        return Sniffed("bmp")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return Sniffed(_zip_kind(content))
    if head.startswith(_OLE):
        return Sniffed(_ole_kind(content))
    encoding = text_encoding(content)
    if encoding is None:
        return Sniffed("binary")
    sample = content[:SAMPLE]
    if encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        sample = sample.decode(encoding, errors="ignore").encode()
    if _XML_SHEET in sample:
        return Sniffed("spreadsheetml")
    if _TABLE_TAG.search(sample) and sample.lstrip()[:1] == b"<":
        return Sniffed("html", encoding)
    return Sniffed("csv", encoding)


def _zip_kind(content: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    except zipfile.BadZipFile:
        return "xlsx"  # a damaged workbook is still said to be one ("文件已损坏")
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "OFD.xml" in names:
        return "ofd"
    if any(n == "content.xml" for n in names):
        return "ods"
    return "zip"


def _ole_kind(content: bytes) -> str:
    """Office's old container: a workbook has a Workbook (or Book) stream, a Word file a
    WordDocument one; stream names are UTF-16 in the directory."""
    if "WordDocument".encode("utf-16-le") in content:
        return "doc"
    if "PowerPoint Document".encode("utf-16-le") in content:
        return "ppt"
    return "xls"


def text_encoding(content: bytes) -> str | None:
    """How a text file is encoded: its BOM; else UTF-8 when it decodes as such; else what
    charset-normalizer finds (GB18030 for GBK/GB2312); None when it is no text at all."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    sample = content[:SAMPLE]
    if _looks_utf16(sample):
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    if sample.count(0) > max(8, len(sample) // 100):  # a stray NUL is dropped on reading
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        # charset-normalizer names nothing for a short GBK export with few Chinese characters
        # ("1,进,0,AAA款"): such a file was refused as no statement at all.
        return "gb18030" if _reads_as_text(sample, "gb18030") else None
    found = best.encoding.lower().replace("-", "").replace("_", "")
    for name, decoder in _CHINESE.items():
        if found.startswith(name):
            return decoder
    if found.startswith("utf8"):
        return "utf-8"
    return "gb18030"  # a Chinese Windows export in all likelihood; GB18030 reads any byte run


def _reads_as_text(sample: bytes, encoding: str) -> bool:
    """Whether `sample` decodes strictly (a character cut at its end aside) to text with no
    control characters but tab and line breaks."""
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text) and not any(c < " " and c not in "\t\r\n" for c in text)


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text (delimiters, digits) leaves every other byte NUL."""
    if len(sample) < 8:
        return False
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return zeros > len(sample) // 4
