"""Shared building blocks: BaseModel, typed env helpers, domain errors, time helpers. No domain rules."""
