"""Views of the recommendations app, one module per audience:

- workspace.py: the officer's home, "my actions", the recommendation page and its forms
- dashboard.py: the manager's dashboard (charts and headline counts)
- lists.py: recommendation lists (overdue, due soon, no deadline), exports, bulk changes
- closeout.py: reviewing earlier recommendations at a new inspection
- home.py: the home page: the dashboard for managers, the workspace for officers
- importing.py: administrators' report import (upload, review the draft, confirm)
- profile.py: a person's reminder and calendar settings, and their calendar feed
- audit.py: the audit log of every change (managers and staff)
"""
