"""A named community's public page: addressed by its registry number, showing level, type,
communities, scenarios built (acceptance decision), facilities built (centres and registry),
notices with their images and the decided operator, and nothing internal (issue 14 item 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from futurecommunity.centres import services as centre_services
from futurecommunity.centres.tests import factories as centre_factories
from futurecommunity.evaluation import services as evaluation_services
from futurecommunity.evaluation.tests.factories import filled, make_expert, ready_project
from futurecommunity.lifecircle.models import Facility, FacilityKind
from futurecommunity.notices import services
from futurecommunity.notices.tests.factories import pdf
from futurecommunity.operations.models import OperatorProfile
from futurecommunity.operations.tests import factories as operations_factories
from futurecommunity.projects.models import Project
from futurecommunity.projects.tests.factories import DOCUMENT, HUAYUAN, ProjectFactory, advance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _decided(project: Project, *, street, district, approver) -> None:
    experts = [make_expert(f"pub_expert{n}") for n in range(3)]
    evaluation = evaluation_services.evaluation_start(actor=street, project=project)
    filled(evaluation, street)
    evaluation_services.evaluation_submit(actor=district, evaluation=evaluation)
    evaluation_services.panel_form(actor=district, evaluation=evaluation, experts=experts)
    for expert in experts:
        evaluation_services.conflict_declare(actor=expert.user, project=project, has_conflict=False)
        scores = {
            i.pk: (str(i.points * Decimal("0.5" if i.dimension.code == "TRANSPORT" else "0.8")), "")
            for i in evaluation.system.indicators.select_related("dimension")
        }
        evaluation_services.scores_save(
            actor=expert.user, evaluation=evaluation, scores=scores, submit=True
        )
    evaluation_services.decision_record(
        actor=approver,
        evaluation=evaluation,
        outcome="pass",
        document_number=DOCUMENT,
        remark="验收意见机密：东侧围墙尚需整改",
    )


@pytest.fixture
def world(tashan_editor, yuecheng_editor, yuecheng_approver, city_editor):
    project = ready_project(
        level="county",
        approver=yuecheng_approver,
        editor=tashan_editor,
        street_editor=tashan_editor,
        notes="内部备注：资金缺口八百万",
        total_investment=Decimal("31234567.89"),
    )
    _decided(project, street=tashan_editor, district=yuecheng_editor, approver=yuecheng_approver)
    project.refresh_from_db()
    advance(project, "published", approver=yuecheng_approver, editor=tashan_editor)
    profile = operations_factories.operator(city_editor, name="越城幸福里运营有限公司")
    OperatorProfile.objects.filter(pk=profile.pk).update(
        contact_name="运营联系人王某", contact_phone="13787654321", address="运营商地址机密路1号"
    )
    operations_factories.choose(tashan_editor, project, profile)
    notice = services.notice_publish(
        actor=tashan_editor,
        data=services.NoticeInput(
            kind="acceptance_result",
            title="花园未来社区验收结果公示",
            body="验收通过。",
            start_on=dt.date.today() - dt.timedelta(days=3),
            end_on=dt.date.today() + dt.timedelta(days=4),
            contact_office="塔山街道办事处",
            project=project,
            internal_remark="公示内部备注不公开",
        ),
        documents=[
            pdf("验收报告.pdf"),
            SimpleUploadedFile("邻里中心实景.jpg", b"\xff\xd8\xff\xe0 photo", "image/jpeg"),
        ],
        today=dt.date.today() - dt.timedelta(days=3),
    )
    centre = centre_factories.centre("330602001", name="花园邻里中心")
    centre.modules.filter(service__code="elderly").update(
        state="provided", area=Decimal("200"), operator="模块运营方机密"
    )
    centre_services.centre_advance(actor=tashan_editor, centre=centre, status="building")
    centre_services.centre_advance(actor=tashan_editor, centre=centre, status="open")
    kind = FacilityKind.objects.filter(is_neighbourhood_centre=False).order_by("order").first()
    Facility.objects.create(
        kind=kind, name="花园社区卫生服务站", lon=120.58, lat=30.0, region_code=HUAYUAN,
        operator="设施运营方机密", source="设施来源机密",
    )  # fmt: skip
    Facility.objects.create(
        kind=kind, name="【演示】演示卫生站", lon=120.58, lat=30.0, region_code=HUAYUAN,
        is_demo=True,
    )  # fmt: skip
    demo = ProjectFactory(actor=tashan_editor, name="【演示】演示未来社区", is_demo=True)
    advance(demo, "published", approver=yuecheng_approver, editor=tashan_editor)
    unpublished = ProjectFactory(actor=tashan_editor, name="尚未命名的社区")
    return {
        "project": project,
        "profile": profile,
        "notice": notice,
        "demo": demo,
        "unpublished": unpublished,
    }


def _url(project: Project) -> str:
    return reverse("public_site:community-detail", args=[project.reference])


def test_page_shows_the_public_facts_by_registry_number(client, world):
    text = client.get(_url(world["project"])).content.decode()
    for shown in (
        world["project"].name,
        "县级",
        "花园社区",
        "越城幸福里运营有限公司",
        "邻里中心（养老）",
        "花园邻里中心",
        "花园社区卫生服务站",
        "花园未来社区验收结果公示",
        "图片：邻里中心实景.jpg",
        "健康场景",
    ):
        assert shown in text, shown
    assert "交通场景" not in text  # scored 50 %: below the built share
    assert "验收报告.pdf" not in text  # only images are shown as photos


def test_internal_fields_never_reach_the_page(client, world):
    project: Project = world["project"]
    selection = project.selection
    decision = project.evaluations.get().decision
    leaks = [
        project.notes,
        "31234567",
        "31,234,567",
        project.implementing_body or "实施主体不存在",
        profile_field := world["profile"].credit_code,
        "运营联系人王某",
        "13787654321",
        "运营商地址机密路1号",
        *selection.bidders.splitlines(),
        selection.evaluation_result,
        selection.decision_basis,
        selection.decided_by,
        decision.remark,
        decision.document_number,
        str(decision.score),
        world["notice"].internal_remark,
        "模块运营方机密",
        "设施运营方机密",
        "设施来源机密",
        "【演示】演示卫生站",
        world["demo"].name,
    ]
    assert profile_field
    text = client.get(_url(project)).content.decode()
    for value in leaks:
        assert value and value not in text, f"{value!r} leaked"


@pytest.mark.parametrize("key", ["demo", "unpublished"])
def test_demo_and_unpublished_projects_are_404_and_unlisted(client, world, key):
    assert client.get(_url(world[key])).status_code == 404
    listing = client.get(reverse("public:project-list")).content.decode()
    assert world[key].name not in listing
    assert world["project"].name in listing and _url(world["project"]) in listing


def test_demo_projects_show_in_a_demo_instance(client, world, settings):
    settings.FC_DEMO_MODE = True
    assert client.get(_url(world["demo"])).status_code == 200


def test_page_is_not_addressed_by_position_or_database_key(client, world):
    assert client.get("/public/communities/0/").status_code == 404
    assert client.get(f"/public/communities/{world['project'].pk}/").status_code == 404


def test_without_decision_or_operator_the_page_says_so(client, tashan_editor, yuecheng_approver):
    project = ProjectFactory(actor=tashan_editor, name="尚无验收的社区")
    advance(project, "published", approver=yuecheng_approver, editor=tashan_editor)
    text = client.get(_url(project)).content.decode()
    assert "验收评定后公布" in text
    assert "尚未确定" in text
    assert "暂无登记的已开放设施" in text


def test_old_list_address_moves_to_the_front_page(client):
    response = client.get(reverse("public_site:community-list"))
    assert response.status_code == 301 and response["Location"] == reverse("public:project-list")
