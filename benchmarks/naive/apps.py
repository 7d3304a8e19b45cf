from django.apps import AppConfig


class NaiveConfig(AppConfig):
    name = "benchmarks.naive"
    label = "naive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # django-fsm-log listens to every model's transitions; the plain stack's log is for the
        # naive model only, or our own transitions would pay for a StateLog row they don't need.
        from django_fsm.signals import post_transition, pre_transition
        from django_fsm_log.backends import SimpleBackend

        from benchmarks.naive.models import NaiveCase

        pre_transition.disconnect(SimpleBackend.pre_transition_callback)
        post_transition.disconnect(SimpleBackend.post_transition_callback)
        pre_transition.connect(SimpleBackend.pre_transition_callback, sender=NaiveCase)
        post_transition.connect(SimpleBackend.post_transition_callback, sender=NaiveCase)
