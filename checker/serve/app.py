"""The fzbg service: a page for drafting staff (/) and an HTTP API for OA systems
(/api/v1/...), on one ASGI app. Every result comes from checker.api, run in a worker
pool; uploads stay in memory; errors are JSON with a Chinese message and a status."""
from __future__ import annotations

import hmac
import json
import logging
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePath
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, api
from . import work
from .upload import RequestError, parse_form, read_body

log = logging.getLogger("fzbg.serve")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_TYPES = {"txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8"}
CODES = {400: "bad_input", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 415: "unsupported_type", 422: "invalid_input", 500: "internal",
         503: "busy", 504: "timeout"}
HTTP_MESSAGES = {404: "没有这个地址（API 见 /docs）", 405: "该地址不支持这种请求方法"}
SECURITY_HEADERS = {
    # the page loads nothing from outside: scripts and styles come from this server only
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
          "docs.js": "text/javascript; charset=utf-8"}
TEMPLATES = ("government", "department")


@dataclass
class Settings:
    max_upload: int = 20 * 1024 * 1024  # bytes per request
    timeout: float = 60.0  # seconds per request
    workers: int = 2
    processes: bool = True  # False: a thread pool (tests; platforms without process pools)
    token: str | None = None  # when set, /api/v1/* needs "Authorization: Bearer <token>"
    # when set, a request whose Host header (any port) is not one of these is answered 400:
    # bound to loopback, this stops DNS rebinding (a web page's own name resolved to 127.0.0.1)
    allowed_hosts: tuple[str, ...] | None = None


def error_response(status: int, message: str, errors=None) -> JSONResponse:
    body = {"status": status, "code": CODES.get(status, "error"), "message": message}
    if errors:
        body["errors"] = errors
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _static(name: str) -> str:
    return resources.files("checker.serve").joinpath("static", name).read_text(encoding="utf-8")


def _attachment(filename: str, fallback: str) -> dict:
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"}


def _unwrap(result):
    if result[0] == "error":
        _tag, status, message, extra = result
        raise RequestError(status, message, extra)
    return result[1]


_MULTIPART_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "报告文件：.docx .txt .md .html .pdf；服务器装有 LibreOffice 时还有 "
                                    f"{' '.join('.' + f for f in api.converted_formats())}（见 /healthz 的 libreoffice 和 formats）。"
                                    "按文件内容识别格式，不只看扩展名"},
            "previous": {"type": "string", "format": "binary",
                         "description": "去年的报告（可选，格式同 file）：同时运行与上一年度报告对照的 CROSS 规则"
                                        "（照抄去年段落、去年安排的落实、重复的不足、年度和单位），同 fzbg check --previous"},
            "profile": {"type": "string", "enum": api.profile_names(), "description": "配置方案（默认按报告单位；township 用于乡镇、街道）"},
            "year": {"type": "integer", "description": "报告年度（默认从标题等处识别）"},
            "select": {"type": "string", "description": "只检查这些规则或规则族，逗号分隔，如 OUT,YEAR001"},
            "ignore": {"type": "string", "description": "不检查这些规则或规则族，逗号分隔"},
        }}}},
}
_FIX_BODY = {**_MULTIPART_BODY, "content": {"multipart/form-data": {"schema": {
    **_MULTIPART_BODY["content"]["multipart/form-data"]["schema"],
    "properties": {k: v for k, v in _MULTIPART_BODY["content"]["multipart/form-data"]["schema"]["properties"].items()
                   if k in ("file", "year", "select")}}}}}
_ERRORS = {s: {"description": d, "content": {"application/json": {"example": {
    "status": s, "code": CODES[s], "message": m}}}} for s, d, m in (
    (400, "输入有误（文件无法读取、参数无效）", "r.docx：文件为空，没有可检查的内容。"),
    (401, "需要令牌（服务以 --token 启动时）", "缺少或错误的访问令牌"),
    (413, "上传内容超过上限", "上传内容太大：超过 20 MB 的上限"),
    (415, "不支持的文件或请求类型", "r.exe：不支持的文件类型 .exe（支持 .docx .txt .md .markdown .html .htm .pdf）"),
    (504, "处理超时", "处理超时（超过 60 秒）"))}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    pool = work.Pool(settings.workers, processes=settings.processes, timeout=settings.timeout)

    @asynccontextmanager
    async def lifespan(app):
        pool.start()
        await pool.warm()
        try:
            yield
        finally:
            pool.stop()

    app = FastAPI(
        title="fzbg 法治政府建设年度报告检查与生成服务", version=__version__, lifespan=lifespan,
        description="与命令行 fzbg 相同的检查器和生成器。POST /api/v1/check 返回与 fzbg check --format json "
                    "相同的 JSON；可同时上传 previous（去年的报告），运行与上一年度报告对照的 CROSS 规则。"
                    "错误以 JSON 返回：{\"status\", \"code\", \"message\"}（message 为中文说明）。",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.settings = settings
    app.state.pool = pool
    if settings.allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))

    # ------------------------------------------------------------ errors as JSON

    @app.exception_handler(RequestError)
    async def _request_error(request, exc: RequestError):
        return error_response(exc.status, exc.message, exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request, exc: StarletteHTTPException):
        return error_response(exc.status_code, HTTP_MESSAGES.get(exc.status_code, "请求无效"))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request, exc):
        return error_response(400, "请求参数无效")

    @app.exception_handler(Exception)
    async def _internal_error(request, exc):
        log.exception("fzbg serve: %s %s failed", request.method, request.url.path)
        return error_response(500, "服务器内部错误")

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    # ------------------------------------------------------------ helpers

    bearer = HTTPBearer(auto_error=False, description="服务以 --token 启动时必填")

    async def require_token(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)):
        if settings.token is None:
            return
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode(), settings.token.encode()):
            raise RequestError(401, "缺少或错误的访问令牌：请在请求头加 Authorization: Bearer <令牌>")

    async def run(fn, *args):
        try:
            return _unwrap(await pool.run(fn, *args))
        except work.Busy:
            raise RequestError(503, "服务器繁忙，请稍后再试")

    def refuse_suffix(up, field: str) -> None:
        """A name whose suffix is no draft format at all is refused here; any other is
        read by its content in the worker (a .doc without LibreOffice gets its reason there)."""
        suffix = PurePath(up.name).suffix.lower()
        if suffix and suffix not in api.readable_suffixes(api.readable_formats() + api.converted_formats()):
            message = f"{up.name}：不支持的文件类型 {suffix}（支持 {' '.join(api.readable_suffixes())}）"
            if field != "file":
                raise RequestError(400, f"{field}（{api.UPLOAD_FIELDS[field]}）{message}")
            raise RequestError(415, message)

    async def upload(request: Request, extra: tuple = ()):
        body = await read_body(request, settings.max_upload)
        form = parse_form(request.headers.get("content-type", ""), body)
        up = form.files.get("file")
        if up is None:
            raise RequestError(400, f"请用 file 字段上传报告文件（{api.suffixes_text()}）")
        refuse_suffix(up, "file")
        uploads = {}
        for field in extra:
            if form.files.get(field) is not None:
                refuse_suffix(form.files[field], field)
                uploads[field] = (form.files[field].data, form.files[field].name)
        fields = {**request.query_params, **form.fields}
        return up, fields, uploads

    def check_options(fields: dict) -> dict:
        given = {k: fields.get(k) or None for k in ("profile", "year", "select", "ignore")}
        errors = api.check_option_errors(**given)
        if errors:
            raise RequestError(400, "参数有误：" + "；".join(f"{e['field']}：{e['message']}" for e in errors), errors)
        options = {}
        if given["profile"]:
            options["profile"] = given["profile"]
        if given["year"]:
            options["year"] = int(given["year"])
        for key in ("select", "ignore"):
            if given[key]:
                options[key] = [given[key]]
        return options

    # ------------------------------------------------------------ the page

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index():
        suffixes = api.readable_suffixes()
        config = {"version": __version__, "families": api.families(), "profiles": api.profile_names(),
                  "maxUpload": settings.max_upload, "tokenRequired": settings.token is not None,
                  "suffixes": list(suffixes), "libreoffice": api.conversion_available()}
        blob = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
        html = _static("index.html").replace("{{ACCEPT}}", ",".join(suffixes))
        html = html.replace("{{FORMATS}}", "、".join(api.suffixes_text().split()))
        html = html.replace("<!--CONFIG-->", f'<script id="fzbg-config" type="application/json">{blob}</script>')
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs():
        return HTMLResponse(_static("docs.html"))

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str):
        if name not in STATIC:
            raise StarletteHTTPException(404)
        return Response(_static(name), media_type=STATIC[name])

    @app.get("/healthz", tags=["服务"], summary="健康检查", response_description="服务正常")
    async def healthz():
        # libreoffice: whether .doc/.wps/.rtf uploads can be converted; formats: what is read
        return {"status": "ok", "version": __version__, "libreoffice": api.conversion_available(),
                "formats": list(api.readable_suffixes())}

    # ------------------------------------------------------------ the API

    router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_token)],
                       responses={401: _ERRORS[401]})

    @router.post("/check", tags=["检查"], summary="检查报告，返回与 fzbg check --format json 相同的 JSON",
                 openapi_extra={"requestBody": _MULTIPART_BODY}, response_description="检查结果（JSON）",
                 responses={s: _ERRORS[s] for s in (400, 413, 415, 504)})
    async def check(request: Request):
        up, fields, uploads = await upload(request, ("previous",))
        paragraphs = fields.get("paragraphs", "") in ("1", "true")
        payload = await run(work.check, up.data, up.name, check_options(fields), paragraphs, uploads.get("previous"))
        # the CLI's whole document, and the one file's entry at the top as well, so a
        # workflow can read either body["files"][0]["findings"] or body["findings"]
        entry = {k: v for k, v in payload["files"][0].items() if k != "paragraphs" and k not in payload}
        return JSONResponse({**payload, **entry})

    @router.post("/annotate", tags=["检查"], summary="带批注的副本（每个问题一条 Word 批注，同 --annotate）",
                 response_description="带批注的 .docx",
                 openapi_extra={"requestBody": _MULTIPART_BODY}, response_class=Response,
                 responses={200: {"content": {DOCX: {}}}, **{s: _ERRORS[s] for s in (400, 413, 415, 504)}})
    async def annotate(request: Request):
        up, fields, uploads = await upload(request, ("previous",))
        data = await run(work.annotate, up.data, up.name, check_options(fields), uploads.get("previous"))
        stem = PurePath(up.name).stem
        return Response(data, media_type=DOCX, headers=_attachment(f"{stem}.批注.docx", "annotated.docx"))

    @router.post("/fix", tags=["检查"], summary="修改确定无疑的问题，返回修改后的副本（同 fzbg fix）",
                 response_description="修改后的副本（与上传文件同一格式）",
                 description="响应头 X-Fzbg-Applied / X-Fzbg-Skipped：已修改和需手工修改的处数。",
                 openapi_extra={"requestBody": _FIX_BODY}, response_class=Response,
                 responses={200: {"content": {DOCX: {}, "text/plain": {}}}, **{s: _ERRORS[s] for s in (400, 413, 415, 504)}})
    async def fix(request: Request):
        up, fields, _uploads = await upload(request)
        options = {k: v for k, v in check_options(fields).items() if k in ("select", "year")}
        data, applied, skipped, fmt = await run(work.fix, up.data, up.name, options)
        path = PurePath(up.name)
        # named by what is written: a Word file uploaded as r.txt comes back as .docx
        suffix = path.suffix if path.suffix.lower() in api.DIRECT[fmt] else api.DIRECT_SHOWN[fmt]
        headers = _attachment(f"{path.stem}.修改{suffix}", f"fixed{suffix}")
        headers.update({"X-Fzbg-Applied": str(applied), "X-Fzbg-Skipped": str(skipped)})
        return Response(data, media_type=TEXT_TYPES.get(fmt, DOCX), headers=headers)

    @router.post("/generate", tags=["生成"], summary="由结构化内容生成报告（.docx）", response_description="生成的 .docx",
                 description="请求体：JSON（格式见 GET /api/v1/schema 或 fzbg schema），或 multipart 的 file 字段上传 "
                             ".yaml/.json 文件。查询参数 template：government 或 department（默认按 reporter_kind）。"
                             "内容有误时返回 422，errors 列出每个字段的问题。",
                 openapi_extra={"requestBody": {"required": True, "content": {
                     "application/json": {"schema": {"$ref": "#/components/schemas/ReportInput"}},
                     "multipart/form-data": {"schema": {"type": "object", "properties": {
                         "file": {"type": "string", "format": "binary", "description": ".yaml/.yml 或 .json"}}}}}}},
                 response_class=Response,
                 responses={200: {"content": {DOCX: {}}}, 422: {"description": "输入内容有误", "content": {
                     "application/json": {"example": {"status": 422, "code": "invalid_input", "message": "输入内容有误：…",
                                                      "errors": [{"field": "measures[0].heading", "loc": ["measures", 0, "heading"],
                                                                  "message": "不能为空"}]}}}},
                            **{s: _ERRORS[s] for s in (400, 413, 415)}})
    async def generate(request: Request):
        template = request.query_params.get("template") or None
        if template is not None and template not in TEMPLATES:
            raise RequestError(400, "template 只能是 government 或 department")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request, settings.max_upload)
        if ctype == "application/json":
            try:
                data = json.loads(body.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise RequestError(400, f"请求内容不是有效的 JSON（{getattr(exc, 'msg', exc)}）")
            if not isinstance(data, dict):
                raise RequestError(422, "输入内容有误：顶层应为 JSON 对象（字段: 值）",
                                   [{"field": "（顶层）", "loc": [], "message": "应为对象"}])
            name = f"{data.get('reporter') or '报告'}{data.get('report_year') or ''}年度法治政府建设情况报告.docx"
            job = data
        elif ctype == "multipart/form-data":
            up = parse_form(request.headers.get("content-type", ""), body).files.get("file")
            if up is None:
                raise RequestError(400, "请用 file 字段上传 .yaml 或 .json 输入文件")
            if PurePath(up.name).suffix.lower() not in (".yaml", ".yml", ".json"):
                raise RequestError(415, f"{up.name}：输入文件应为 .yaml、.yml 或 .json")
            name = f"{PurePath(up.name).stem}.docx"
            job = (up.data, up.name)
        else:
            raise RequestError(415, "请求应为 application/json（输入内容）或 multipart/form-data（上传 .yaml/.json 文件）")
        data = await run(work.generate, job, template)
        return Response(data, media_type=DOCX, headers=_attachment(name, "report.docx"))

    @router.post("/skeleton", tags=["生成"], summary="带写作提示的空白报告框架（同 fzbg skeleton）", response_description="空白框架 .docx",
                 description='请求体 JSON：{"reporter": "青溪县", "year": 2024, "kind": "government"}',
                 response_class=Response, responses={200: {"content": {DOCX: {}}}})
    async def skeleton(request: Request):
        try:
            data = json.loads((await read_body(request, settings.max_upload)).decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RequestError(400, "请求内容不是有效的 JSON")
        if not isinstance(data, dict):
            data = {}
        errors = []
        reporter = data.get("reporter")
        if not isinstance(reporter, str) or not reporter.strip():
            errors.append({"field": "reporter", "loc": ["reporter"], "message": "请填写报告单位，如“青溪县”"})
        year = data.get("year")
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year)
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            errors.append({"field": "year", "loc": ["year"], "message": "应为四位年份，如 2024"})
        kind = data.get("kind") or "government"
        if kind not in TEMPLATES:
            errors.append({"field": "kind", "loc": ["kind"], "message": "只能是 government 或 department"})
        if errors:
            raise RequestError(422, "输入内容有误：\n" + "\n".join(f"{e['field']}：{e['message']}" for e in errors), errors)
        out = await run(work.skeleton, reporter, year, kind)
        return Response(out, media_type=DOCX, headers=_attachment(f"{reporter.strip()}{year}年度报告框架.docx", "skeleton.docx"))

    @router.get("/rules", tags=["说明"], summary="全部规则（同 fzbg rules --format json）", response_description="规则列表")
    async def rules():
        return api.rules_json()

    @router.get("/schema", tags=["说明"], summary="生成器输入的 JSON Schema（同 fzbg schema）", response_description="JSON Schema")
    async def schema():
        return api.input_schema()

    @router.get("/example", tags=["说明"], summary="完整的输入示例（同 fzbg example，JSON 格式）", response_description="输入示例")
    async def example():
        return JSONResponse(json.loads(json.dumps(api.example(), ensure_ascii=False, default=str)))

    app.include_router(router)

    original_openapi = app.openapi

    def openapi():  # the generator's input schema, for the generate request body
        if app.openapi_schema is None:
            spec = original_openapi()
            schema = api.input_schema()
            defs = schema.pop("$defs", {})
            schema.pop("$schema", None)
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            text = json.dumps(schema).replace("#/$defs/", "#/components/schemas/")
            components["ReportInput"] = json.loads(text)
            for k, v in defs.items():
                components[k] = json.loads(json.dumps(v).replace("#/$defs/", "#/components/schemas/"))
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
    return app
