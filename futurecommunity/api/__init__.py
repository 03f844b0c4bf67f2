"""The REST API for other systems (provincial platform, 浙政钉): token auth, OpenAPI, same services
and access as the screens.

Owns: API tokens (``ApiToken``: only a SHA-256 hash is stored) and the /api/v1/ operations, each a
thin adapter from an explicit input schema to a selector or service and back to an output schema.
Does not own any domain rule: scope, roles and lifecycle stay in accounts/projects/targets/permits.
"""
