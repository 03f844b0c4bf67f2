"""The /api/v1/ NinjaAPI: bearer-token auth on every operation, one error shape, no CDN docs."""

from __future__ import annotations

from ninja import NinjaAPI

from futurecommunity.api.auth import BearerToken
from futurecommunity.api.errors import install_error_handlers
from futurecommunity.api.routes import programme, projects

api = NinjaAPI(
    title="绍兴市未来社区建设管理平台接口",
    version="1.0.0",
    description=(
        "供省级平台、浙政钉等系统调用。令牌代表其所属用户（组织、角色、辖区），"
        "以 `Authorization: Bearer <令牌>` 传递；错误统一为 "
        '`{"error": {"code", "message", "fields"}}`。'
    ),
    auth=BearerToken(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # ninja's Swagger UI loads from a CDN; /api/v1/docs is our own page
)
install_error_handlers(api)
api.add_router("/", projects.router)
api.add_router("/", programme.router)
