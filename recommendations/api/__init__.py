"""The REST API under /api/: the same scoping, rules and services as the web pages.

Reads start from `visible_to(request.user)` (another authority's object is a 404);
writes call services.py, whose permission checks give 403. See README.md.
"""
