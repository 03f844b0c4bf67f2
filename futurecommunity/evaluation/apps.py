from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "futurecommunity.evaluation"
    label = "evaluation"
    verbose_name = "评价验收"

    def ready(self) -> None:
        from futurecommunity.reporting.hooks import register_bulletin_section

        register_bulletin_section(
            "evaluation", "futurecommunity.evaluation.bulletin.bulletin_section", order=20
        )
