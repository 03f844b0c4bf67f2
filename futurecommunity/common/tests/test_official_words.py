"""No page an official reads shows a raw model field name or status code (issue 12).

The demo data set is seeded once (every app's ``demo`` module), then the main pages are read as
several demo roles; the visible text (not scripts, styles, attributes, nor the small support keys
marked ``code-note``) must contain none of the field names and status codes of our models.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from futurecommunity.accounts.models import User

pytestmark = pytest.mark.django_db

PAGES = (
    "dashboard",
    "projects:project-list",
    "compliance-board",
    "plan-target-list",
    "permits:route-wizard",
    "permits:configuration",
    "reporting:report-list",
    "reporting:bulletin-list",
    "reporting:ranking-list",
    "rectification:order-list",
    "rectification:inspection-list",
    "regions:community-list",
    "pilots:pilot-index",
    "notifications:inbox",
    "notifications:todo-list",
)
ROLES = ("city_admin", "d330602_clerk", "s330602001_clerk")
ALLOWED = {"id", "name", "code", "key", "title", "value", "source", "note", "status", "level"}


def _codes() -> set[str]:
    """Field names with an underscore and choice values of every model of ours."""
    codes = {"True", "False", "None"}
    for model in apps.get_models():
        if not model.__module__.startswith("futurecommunity."):
            continue
        for field in model._meta.get_fields():
            name = getattr(field, "name", "")
            if "_" in name and not name.startswith("_"):
                codes.add(name)
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{3,}", value):
                    codes.add(value)
    return codes - ALLOWED


class _Visible(HTMLParser):
    SKIP = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}:
            return
        classes = dict(attrs).get("class") or ""
        self.stack.append(tag in self.SKIP or "code-note" in classes.split())

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def _found(text: str, codes: set[str]) -> list[str]:
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    dotted = set(re.findall(r"\b[a-z_]+\.[a-z_]+\b", text))  # audit action codes
    return sorted((words & codes) | {d for d in dotted if not d.endswith(("xlsx", "docx", "pdf"))})


def test_the_detector_finds_what_the_issue_saw():
    codes = _codes()
    html = (
        "<td><code>project.transition</code></td><td>status：planned → declared</td>"
        '<td>is_key_area: True</td><small class="code-note">construction_permit_area_limit</small>'
        "<script>var a = 'under_construction';</script>"
    )
    assert _found(visible_text(html), codes) == [
        "True",
        "declared",
        "is_key_area",
        "planned",
        "project.transition",
    ]


def test_main_pages_show_no_field_names_or_status_codes(client, settings):
    settings.FC_DEMO_MODE = True  # the demo data set is written only in a demo instance
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    codes = _codes()
    assert {"under_construction", "status_changed_on", "acceptance_requested"} <= codes
    problems: list[str] = []
    for username in ROLES:
        user = User.objects.get(username=username)
        client.force_login(user)
        urls = [reverse(name) for name in PAGES]
        from futurecommunity.projects.selectors import project_list_for

        urls += [
            reverse("projects:project-detail", args=[p.reference])
            for p in project_list_for(viewer=user).order_by("status", "reference")[:40:8]
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            found = _found(visible_text(response.content.decode()), codes)
            if found:
                problems.append(f"{username} {url}: {found}")
    assert problems == []
