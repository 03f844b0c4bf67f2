"""The REST API for other systems (provincial platform, 浙政钉): token auth, OpenAPI, same services and access as the screens."""
