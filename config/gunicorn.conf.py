"""gunicorn settings of the production server (scripts/serve.sh); environment overrides them.

Threads per worker suit this I/O-bound app (database, Redis); logs are JSON lines like
Django's (futurecommunity.common.logs)."""

import multiprocessing
import os

bind = os.environ.get("FC_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FC_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = int(os.environ.get("FC_WEB_THREADS", "4"))
timeout = int(os.environ.get("FC_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("FC_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FC_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(M)sms %(B)sB"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "futurecommunity.common.logs.JsonLinesFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
