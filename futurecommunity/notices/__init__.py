"""Public notices (公示, 三(一)), residents' opinions, stakeholder consent and the public site.

Owns: notices of implementation plans and of published lists/results with their documents and
history; residents' opinions and the office's answers; the per-project stakeholder register and
consent; the 三(一) gate (finished notice plus required consent before works on existing land
start); news articles (S4). Does not own projects (it registers a transition guard with
``projects.guards``) nor the approval checklist (it reads ``uses_existing_land`` from it).
"""
