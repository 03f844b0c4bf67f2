from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "futurecommunity.evaluation"
    label = "evaluation"
    verbose_name = "评价验收"
