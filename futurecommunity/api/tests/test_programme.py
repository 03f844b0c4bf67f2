"""Programme status, compliance findings, approval route, regions and the docs page."""

from __future__ import annotations

import pytest
from django.test import Client

from futurecommunity.projects.tests.factories import YUECHENG

# Every test here reads the reference data; the mark also orders them before the
# browser tests, which flush the database.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "scope"), [("city_viewer", ""), ("yuecheng_editor", YUECHENG)])
def test_programme_status_is_scoped(request, api_as, who, scope):
    status, body = api_as(request.getfixturevalue(who)).get("programme-status", as_of="2025-06-30")
    assert status == 200
    assert (body["as_of"], body["scope"]) == ("2025-06-30", scope)
    districts = {row["district_code"] for row in body["coverage_by_district"]}
    assert districts == ({YUECHENG} if scope else districts)
    assert all(cell["district_code"].startswith(scope) for cell in body["cells"])


@pytest.mark.parametrize("path", ["programme-status", "compliance-findings"])
def test_statistics_need_a_territory(api_as, outsider, path):
    status, body = api_as(outsider).get(path)
    assert (status, body["error"]["code"]) == (403, "permission_denied")


@pytest.mark.parametrize("as_of", ["2018-12-31", "2036-01-01", "not-a-date"])
def test_statistics_refuse_dates_outside_the_programme(api_as, city_viewer, as_of):
    status, body = api_as(city_viewer).get("programme-status", as_of=as_of)
    assert status == 422
    assert "as_of" in body["error"]["fields"]


def test_compliance_findings_are_scoped_to_the_territory(api_as, yuecheng_editor):
    status, body = api_as(yuecheng_editor).get("compliance-findings", as_of="2025-12-31")
    assert status == 200
    assert body["count"] == len(body["findings"])
    assert all(f["region_code"].startswith(YUECHENG) for f in body["findings"])


def test_approval_route_from_facts(api_as, city_viewer):
    facts = {
        "build_type": "renovation",
        "funding": "government",
        "total_investment": "3000000",
        "works_floor_area": "800",
    }
    status, body = api_as(city_viewer).post("approval-route", facts)
    assert status == 200
    assert body["facts"]["build_type"] == "renovation"
    assert body["steps"] and all(step["clause"] for step in body["steps"])


def test_approval_route_refuses_impossible_facts(api_as, city_viewer):
    facts = {
        "build_type": "renovation",
        "funding": "government",
        "total_investment": "100",
        "works_investment": "200",
        "works_floor_area": "800",
    }
    status, body = api_as(city_viewer).post("approval-route", facts)
    assert (status, body["error"]["fields"]) == (422, {"__all__": ["工程投资额不能大于总投资额。"]})


def test_regions(api_as, city_viewer):
    client = api_as(city_viewer)
    status, districts = client.get("regions/districts")
    assert (status, len(districts)) == (200, 6)
    status, streets = client.get("regions/streets", district=YUECHENG)
    assert status == 200
    assert streets and all(s["district_code"] == YUECHENG for s in streets)
    assert client.get("regions/streets", district="330699")[0] == 404


def test_openapi_document_and_docs_page_are_served_without_cdn(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/projects/{reference}/transitions" in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    page = Client().get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/api/v1/projects/{reference}/transitions" in html
    assert "<script" not in html and "cdn" not in html.lower()
