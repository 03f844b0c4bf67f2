"""Route-matrix cases of reporting: street A's project's monthly report, a frozen month, the
city's bulletin and quarterly ranking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from futurecommunity.projects.tests.route_cases import make_project
from futurecommunity.reporting.bulletins import bulletin_generate
from futurecommunity.reporting.rankings import ranking_compute
from futurecommunity.reporting.services import month_freeze

MONTH = dt.date(2026, 1, 1)
QUARTER = "2026Q1"


def _report(street_code: str) -> dict[str, Any]:
    return {"reference": make_project(street_code).reference, "month": "2026-01"}


def _photo(street_code: str) -> dict[str, Any]:
    """A submitted report of street A's project with one site photo."""
    from decimal import Decimal
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from futurecommunity.accounts.tests.matrix import office_actor
    from futurecommunity.reporting.services import ReportInput, monthly_report_save

    project = make_project(street_code)
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (10, 90, 40)).save(buffer, format="JPEG")
    report = monthly_report_save(
        actor=office_actor(street_code),
        project=project,
        month=MONTH,
        data=ReportInput(Decimal("10"), Decimal("100"), Decimal("100")),
        photo_uploads=[SimpleUploadedFile("现场.jpg", buffer.getvalue())],
    )
    return {"reference": project.reference, "month": "2026-01", "pk": report.photos.get().pk}


def _bulletin(street_code: str) -> dict[str, Any]:
    make_project(street_code)
    month_freeze(actor=None, month=MONTH)
    return {"pk": bulletin_generate(actor=None, month=MONTH).pk}


def _bulletin_file(street_code: str) -> dict[str, Any]:
    return {**_bulletin(street_code), "kind": "docx"}


def _ranking(street_code: str) -> dict[str, Any]:
    make_project(street_code)
    ranking_compute(actor=None, quarter=QUARTER)
    return {"quarter": QUARTER}


def _frozen(street_code: str) -> dict[str, Any]:
    make_project(street_code)
    month_freeze(actor=None, month=MONTH)
    return {}


def _project_only(street_code: str) -> dict[str, Any]:
    make_project(street_code)
    return {}


def _owing(street_code: str) -> dict[str, Any]:
    """A project of the street under construction since December 2025: it owes January's report."""
    from futurecommunity.accounts.models import Role
    from futurecommunity.accounts.tests.matrix import office_actor
    from futurecommunity.projects.tests.factories import advance

    project = make_project(street_code)
    advance(
        project,
        "under_construction",
        approver=office_actor(street_code[:6], Role.APPROVER),
        editor=office_actor(street_code[:6]),
        on=dt.date(2025, 12, 1),
    )
    return {}


def _incentives(street_code: str) -> dict[str, Any]:
    _ranking(street_code)
    return {"year": 2026}


_POST_ONLY = {"post": True, "post_only": True, "ok_post": 302}
_CITY_POST = {"profile": "city_post", "post": True, "post_only": True}
_VIEWERS_200 = {"district_a_viewer": 200, "city_viewer": 200}
# A draft bulletin is the city office's editors' and approvers' until it is issued.
_DRAFT = {
    v: 404
    for v in ("street_a", "street_a2", "district_a_viewer", "district_a_editor",
              "district_a_approver", "district_b_editor", "city_viewer", "department",
              "operator")
}  # fmt: skip
# An unpublished ranking is the city office's alone.
_UNPUBLISHED = {
    v: 404
    for v in ("street_a", "street_a2", "district_a_viewer", "district_a_editor",
              "district_a_approver", "district_b_editor", "department", "operator")
}  # fmt: skip
# Issuing and publishing: the city approver; other city roles are refused on the page (302),
# everyone else is not told the draft exists (404).
_CITY_APPROVER_POST = {
    **_UNPUBLISHED,
    "city_viewer": 302,
    "city_editor": 302,
    "city_approver": 302,
}

ROUTE_CASES: dict[str, dict[str, Any]] = {
    # 催报: the viewer's own territory's owing projects; a refusal is reported on the list.
    "reporting:report-remind": {
        **_CITY_POST,
        "make": _owing,
        "post_data": {"month": "2026-01"},
        # The district office reminds its own territory; district B owes nothing here, which is
        # said as an error on its list (REFUSED) like every other refusal.
        "expect": {"district_a_editor": 302, "district_a_approver": 302},
    },
    "reporting:report-list": {"profile": "summary_read"},
    "reporting:report-export": {"profile": "summary_read"},
    "reporting:report-import": {"profile": "summary_read", "post": True},
    # Viewers see the form; the service refuses their save (service matrix).
    "reporting:report-edit": {
        "make": _report,
        "profile": "office_write",
        "post": True,
        "expect": _VIEWERS_200,
    },
    # A submitted report's photo: read through the project's scope (a draft's is its reporters').
    "reporting:report-photo": {"make": _photo, "profile": "office_read"},
    "reporting:month-freeze": {"make": lambda _street: {"month": "2026-01"}, **_CITY_POST},
    "reporting:bulletin-list": {"profile": "summary_read"},
    "reporting:bulletin-export": {"profile": "summary_read"},
    "reporting:bulletin-generate": {
        **_CITY_POST,
        "make": _frozen,
        "post_data": {"month": "2026-01"},
    },
    "reporting:bulletin-detail": {
        "make": _bulletin,
        "profile": "city_read",
        "post": True,
        "expect": _DRAFT,
    },
    "reporting:bulletin-file": {"make": _bulletin_file, "profile": "city_read", "expect": _DRAFT},
    "reporting:bulletin-issue": {
        "make": _bulletin,
        "profile": "approver_write",
        **_POST_ONLY,
        "expect": _DRAFT,
        "expect_post": {**_CITY_APPROVER_POST, "city_viewer": 404},
    },
    "reporting:ranking-list": {"profile": "summary_read"},
    "reporting:ranking-compute": {
        **_CITY_POST,
        "make": _project_only,
        "post_data": {"quarter": QUARTER},
    },
    "reporting:ranking-detail": {"make": _ranking, "profile": "city_read", "expect": _UNPUBLISHED},
    "reporting:ranking-publish": {
        "make": _ranking,
        "profile": "approver_write",
        **_POST_ONLY,
        "expect": _UNPUBLISHED,
        "expect_post": _CITY_APPROVER_POST,
    },
    "reporting:incentive-list": {"make": _incentives, "profile": "city_read"},
}
