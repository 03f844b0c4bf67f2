"""Background jobs (city-wide analyses, bulletin generation) with visible progress.

Owns the Job row, the handler registry and the dispatch backends: ``thread`` (embedded default,
no extra server), ``sync`` (tests: run on commit in the same thread) and ``rq`` (Redis queue,
``FC_JOB_BACKEND=rq`` + ``FC_REDIS_URL``). Higher apps register handlers in their ``jobs.py``
module (imported from their AppConfig.ready); this app never imports them.
"""
