from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "futurecommunity.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        """A restarted web process picks up jobs its dead predecessor left (services.job_recover)."""
        from django.core.signals import request_started

        from futurecommunity.jobs.services import job_recover_soon

        request_started.connect(job_recover_soon, dispatch_uid="jobs.recover")
