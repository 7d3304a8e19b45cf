"""A bench-only app: the plain Django stack (django-fsm-2 + django-fsm-log + django-simple-history)
that transition_vs_naive_stack compares our services against, and the bare row api_intake_vs_bare
inserts. Installed only by benchmarks/settings.py, never by the application."""
