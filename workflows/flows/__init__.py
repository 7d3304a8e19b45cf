"""viewflow flows that route the human work of cases (and inspections) to people.

The domain state machines (django-fsm-2, in casework/) decide what may happen; these flows
decide who does the next step: each step is a viewflow task with an owner (or a pool of
people holding a role in the unit), a permission, and the due date of the step's deadline.
A flow never writes a domain status: it follows the domain's saved state (see routing.py).
"""
