"""One JSON error shape for every refusal: {"error": {"code", "message", "fields"}}.

DomainError → 400, missing/invalid token → 401, PermissionDenied → 403, Http404 → 404,
ValidationFailed and malformed input → 422.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError

from futurecommunity.common.errors import DomainError, PermissionDenied, ValidationFailed

# Service field names → API field names where they differ.
FIELD_NAMES = {
    "district": "district_code",
    "street": "street_code",
    "communities": "community_codes",
}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _fields(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {FIELD_NAMES.get(name, name): list(messages) for name, messages in errors.items()}


def _input_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Pydantic/ninja errors keyed by the dotted field path (without body/query/path)."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path"}:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in {"payload", "filters", "query", "data", "facts"}:
            loc = loc[1:]
        name = ".".join(loc) or "__all__"
        fields.setdefault(name, []).append(_chinese(error))
    return fields


_MESSAGES = {
    "missing": "此项为必填项。",
    "string_too_long": "内容过长。",
    "string_too_short": "内容不能为空。",
    "string_pattern_mismatch": "格式不正确。",
    "enum": "不是可选的值。",
    "literal_error": "不是可选的值。",
    "int_parsing": "须为整数。",
    "decimal_parsing": "须为数字。",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）。",
    "greater_than_equal": "数值过小。",
    "less_than_equal": "数值过大。",
    "json_invalid": "请求内容不是有效的 JSON。",
}


def _chinese(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    return _MESSAGES.get(kind, f"输入不符合要求（{kind or '格式错误'}）。")


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers; the most specific exception class wins (ninja walks the MRO)."""

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        fields = {exc.field: [exc.message]} if exc.field else {}
        return respond(request, 400, error_body(exc.code, exc.message, _fields(fields)))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body(exc.code, exc.message))

    @api.exception_handler(ValidationFailed)
    def validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
        return respond(request, 422, error_body(exc.code, exc.message, _fields(exc.errors)))

    @api.exception_handler(InputError)
    def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
        fields = _input_fields(list(exc.errors))
        return respond(request, 422, error_body("invalid_input", "请求参数有误。", fields))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = str(exc) if exc.args else "未找到该资源。"
        return respond(request, 404, error_body("not_found", message))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = "缺少有效的接口令牌：请在 Authorization 头中提供 Bearer 令牌。"
        return respond(request, 401, error_body("unauthenticated", message))
