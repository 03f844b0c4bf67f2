"""Future community projects (未来社区项目): the registry, covered communities and the lifecycle.

Owns: Project, its covered communities, transitions and their attachments, reference codes.
Does not own: targets and coverage arithmetic (``targets``), approvals (``permits``).
"""
