"""Users, organisations, roles and scope: who a person is and which territory they act for.

Does not own: what a role may do to a project (that is ``projects.access``), audit entries.
"""
