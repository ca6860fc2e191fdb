"""Request bodies read into memory, never to disk, within the upload limit; multipart
form data parsed with python-multipart's streaming parser."""
from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header


class RequestError(Exception):
    """A request the service answers with an error status and a Chinese message."""

    def __init__(self, status: int, message: str, extra=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def too_large(limit: int) -> RequestError:
    return RequestError(413, f"上传内容太大：超过 {limit / 1024 / 1024:g} MB 的上限")


async def read_body(request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large(limit)
        except ValueError:
            raise RequestError(400, "请求头 Content-Length 无效")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)


def parse_form(content_type: str, body: bytes) -> Form:
    ctype, params = parse_options_header(content_type or "")
    if ctype != b"multipart/form-data":
        raise RequestError(415, "请求应为 multipart/form-data（用 file 字段上传文件）")
    boundary = params.get(b"boundary")
    if not boundary:
        raise RequestError(400, "multipart 请求缺少 boundary")
    form = Form()
    state: dict = {}

    def on_part_begin():
        state.update(headers={}, data=[], header_field=b"", header_value=b"")

    def on_header_field(data, start, end):
        state["header_field"] += data[start:end]

    def on_header_value(data, start, end):
        state["header_value"] += data[start:end]

    def on_header_end():
        state["headers"][state["header_field"].lower()] = state["header_value"]
        state["header_field"] = state["header_value"] = b""

    def on_part_data(data, start, end):
        state["data"].append(data[start:end])

    def on_part_end():
        _disp, options = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        payload = b"".join(state["data"])
        if b"filename" in options:
            filename = options[b"filename"].decode("utf-8", "replace")
            if not filename and not payload:
                return  # a file input left empty in a form: no file
            form.files[name] = Upload(safe_name(filename), payload)
        else:
            form.fields[name] = payload.decode("utf-8", "replace")

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_part_data": on_part_data, "on_part_end": on_part_end,
    })
    try:
        parser.write(body)
        parser.finalize()
    except Exception:
        raise RequestError(400, "multipart 请求格式错误，无法读取上传的文件")
    return form


def safe_name(filename: str) -> str:
    """The base name of an uploaded file (a browser or client may send a path)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(c for c in name if c.isprintable())
    return name[:200] or "upload"
