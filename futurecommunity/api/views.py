"""The API's documentation page: operations listed from the OpenAPI document, no scripts, no CDN."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from futurecommunity.api.api import api

_METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    return f"{name}[]" if "items" in schema and name else name


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per operation: method, path, summary, parameters, body and responses."""
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _schema_name(body.get("schema")),
                    "responses": [
                        (
                            code,
                            _schema_name(
                                r.get("content", {}).get("application/json", {}).get("schema")
                            ),
                        )
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return rows


def api_docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema(path_prefix=request.path.removesuffix("docs"))
    context = {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "operations": operations(schema),
        "schemas": sorted(schema.get("components", {}).get("schemas", {})),
    }
    return render(request, "api/api_docs.html", context)
