"""Run queued jobs: once (--once, for cron after a restart) or as an RQ worker (--rq)."""

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from futurecommunity.jobs.services import job_recover, job_run_queued, rq_queue


class Command(BaseCommand):
    help = "运行排队中的后台任务；--rq 以 Redis 队列工作进程方式运行。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--rq", action="store_true", help="作为 RQ 工作进程运行（FC_JOB_BACKEND=rq）"
        )
        parser.add_argument("--burst", action="store_true", help="RQ：处理完队列后退出")

    def handle(self, *args: object, **options: object) -> None:
        if options["rq"]:
            from rq import SimpleWorker

            queue = rq_queue()
            SimpleWorker([queue], connection=queue.connection).work(burst=bool(options["burst"]))
            return
        recovery = job_recover(dispatch=False)
        if recovery.requeued or recovery.failed:
            self.stdout.write(
                f"服务进程已停止的任务：重新排队 {len(recovery.requeued)} 个，"
                f"终止 {len(recovery.failed)} 个。"
            )
        count = job_run_queued()
        self.stdout.write(f"已运行 {count} 个排队任务。")
