"""Acceptance that means something (二(一) T1–T4, 二(三) W1/W2).

Owns the evaluation index systems (一统三化九场景, versioned configuration: provincial index,
the city's municipal standard, each district's county-level rules), the street's self-assessment,
the expert pool, panels and their independent scores, the acceptance decision that alone moves a
municipal or county project to 验收通过, and the scenario picture. Does not own the project
lifecycle (``projects``) or rectification orders (``rectification``): it calls their services.
"""
