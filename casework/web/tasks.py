"""Celery side of the periodic jobs listed in casework.web.schedule."""

from importlib import import_module

from celery import shared_task


@shared_task
def periodic_job(dotted: str):
    module_name, func_name = dotted.rsplit(".", 1)
    return getattr(import_module(module_name), func_name)()
