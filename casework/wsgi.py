import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.prod")
application = get_wsgi_application()
# What loading the project made lives as long as the process: gc.freeze() keeps it out of the
# collector's full passes, which otherwise walk all of it again and again as requests allocate
# (a tenth of the queued intake's instructions, docs/performance.md).
gc.freeze()
