"""The append-only audit trail: one function writes it, nothing updates or deletes it.

Entries are hash-chained (each stores the previous entry's hash) so that an edited or deleted
row is detected by ``manage.py audit_verify``.
"""
