import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tattoobot.settings")
application = get_wsgi_application()

# Build the city index once per web process, not on a customer's first answer.
from conversations.policy.cities import preload  # noqa: E402

preload()
