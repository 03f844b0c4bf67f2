"""The public site (no login): notices with opinion form and receipt lookup, the programme at a
glance, named communities, published rankings with their method, and news (四 S2, S4, 三(一)).

Templates receive only the public dataclasses of ``selectors`` (and of projects/targets), never
a model with internal fields.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from futurecommunity.common import time as fc_time
from futurecommunity.common.errors import DomainError
from futurecommunity.common.files import file_download
from futurecommunity.notices import challenge, presenters, selectors, services
from futurecommunity.notices.forms import OpinionForm
from futurecommunity.notices.views import apply_error
from futurecommunity.projects.selectors import project_get_public
from futurecommunity.reporting.models import Indicator, QuarterlyRanking
from futurecommunity.targets.selectors import programme_view


def _demo() -> bool:
    return bool(settings.FC_DEMO_MODE)


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    today = fc_time.today_local()
    notices = selectors.notice_list_public(today=today, include_demo=_demo())
    return render(
        request,
        "notices/public/notice_list.html",
        {
            "open_notices": [n for n in notices if n.is_open],
            "closed_notices": [n for n in notices if not n.is_open],
            "public_nav": "notices",
        },
    )


def _opinion_form(form: OpinionForm | None = None) -> tuple[OpinionForm, str]:
    """A fresh signed question on every render; a re-shown form keeps what was typed."""
    check = challenge.challenge_new()
    if form is None:
        return OpinionForm(initial={"token": check.token}), check.question
    data = form.data.copy()  # type: ignore[attr-defined]
    data["token"], data["challenge"] = check.token, ""
    form.data = data
    return form, check.question


def _detail(request: HttpRequest, pk: int, form: OpinionForm | None, status: int) -> HttpResponse:
    notice = selectors.notice_get_public(pk=pk, today=fc_time.today_local(), include_demo=_demo())
    form, question = _opinion_form(form)
    context = {
        "notice": notice,
        "form": form,
        "question": question,
        "retention": presenters.setting_row("opinion_retention_days"),
        "public_nav": "notices",
    }
    return render(request, "notices/public/notice_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _detail(request, pk, None, 200)
    today = fc_time.today_local()
    notice = selectors.notice_for_opinion(pk=pk, today=today, include_demo=_demo())
    form = OpinionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            opinion = services.opinion_submit(
                notice=notice,
                data=services.OpinionInput(
                    stance=data["stance"],
                    name=data["name"],
                    contact=data["contact"],
                    building=data["building"],
                    text=data["text"],
                    challenge_token=data["token"],
                    challenge_answer=data["challenge"],
                ),
                ip=request.META.get("REMOTE_ADDR", ""),
                photo=data["photo"],
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            return render(
                request,
                "notices/public/opinion_receipt.html",
                {"receipt": opinion.receipt, "title": notice.title, "public_nav": "notices"},
            )
    return _detail(request, pk, form, 400)


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.public_document_get(
        pk=pk, today=fc_time.today_local(), include_demo=_demo()
    )
    return file_download(document.file, filename=document.original_name)


@require_GET
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    receipt = request.GET.get("receipt", "")[:40]
    found = selectors.receipt_lookup(receipt=receipt, include_demo=_demo()) if receipt else None
    return render(
        request,
        "notices/public/receipt_lookup.html",
        {"receipt": receipt, "found": found, "public_nav": "notices"},
    )


@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    view = programme_view(prefix="", as_of=fc_time.today_local())
    rows = [(d.name, d.code, view.status.coverage_by_district.get(d.code)) for d in view.districts]
    return render(
        request,
        "notices/public/programme.html",
        {
            "built": view.status.built_total,
            "count_goal": view.count_goal,
            "coverage": view.status.coverage_city,
            "coverage_goal_percent": view.coverage_goal * 100,
            "rows": rows,
            "as_of": view.status.as_of,
            "map_data": _map_data(rows, view.districts),
            "public_nav": "programme",
        },
    )


def _map_data(rows: list[tuple[Any, ...]], districts: list[Any]) -> dict[str, Any]:
    """District boundaries plus coverage per district: the shape ``dashboard.js`` draws."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": d.name, "code": d.code},
            "geometry": d.boundary_geojson,
        }
        for d in districts
        if d.boundary_geojson
    ]
    return {
        "geojson": {"type": "FeatureCollection", "features": features},
        "values": [
            {"name": name, "value": float(cov.percent) if cov else None} for name, _c, cov in rows
        ],
    }


@require_GET
def community_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A named community's page, addressed by its registry number. Scenarios, facilities and the
    operator come from the apps that own them through their template tags (evaluation_tags,
    centres_tags, operations_tags), each giving names only."""
    project = project_get_public(reference=reference, include_demo=_demo())
    notices = selectors.project_notices_public(
        reference=project.reference, today=fc_time.today_local(), include_demo=_demo()
    )
    return render(
        request,
        "notices/public/community_detail.html",
        {"project": project, "notices": notices, "public_nav": "communities"},
    )


@require_GET
def community_list(request: HttpRequest) -> HttpResponse:
    """The named communities are listed (with filters) on the public front page."""
    return redirect("public:project-list", permanent=True)


@require_GET
def ranking_list(request: HttpRequest) -> HttpResponse:
    ranking = QuarterlyRanking.objects.filter(is_published=True).order_by("-quarter").first()
    rows = (
        [(r.rank, r.region_name, r.score) for r in ranking.rows.filter(parent_code="")]
        if ranking
        else []
    )
    indicators = [
        (i.name, i.weight, i.definition, i.clause, i.get_confidence_display(), i.source)
        for i in Indicator.objects.all()
    ]
    return render(
        request,
        "notices/public/ranking_list.html",
        {
            "quarter": ranking.quarter if ranking else "",
            "rows": rows,
            "indicators": indicators,
            "public_nav": "rankings",
        },
    )


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    articles = [
        (a.pk, a.title, a.published_on) for a in selectors.article_list_public(include_demo=_demo())
    ]
    return render(
        request, "notices/public/article_list.html", {"articles": articles, "public_nav": "news"}
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get_public(pk=pk, include_demo=_demo())
    return render(
        request,
        "notices/public/article_detail.html",
        {
            "title": article.title,
            "body": article.body,
            "published_on": article.published_on,
            "public_nav": "news",
        },
    )
