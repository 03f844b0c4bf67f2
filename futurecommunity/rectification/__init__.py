"""Inspections (督查) and rectification orders (整改单): issue, respond, verify, escalate (S3)."""
