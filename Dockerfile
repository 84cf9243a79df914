# TattooBot: one image for every process in the Procfile (web, worker, beat,
# flower, and the release step `python manage.py migrate --noinput`).
# The default command is the web process; docker-compose.yml overrides it for
# the others. Configuration comes from the environment only (README, Configuration).

# --- build: the virtualenv with the pinned runtime requirements -----------
FROM python:3.11-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Every runtime dependency ships a manylinux wheel, so no compiler is needed.
RUN python -m venv /opt/venv
COPY requirements.txt constraints.txt /tmp/
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt -c /tmp/constraints.txt

# --- runtime ----------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

# The code stays root-owned (read-only to the app); only var/ (media, the beat
# schedule) and the user's home (gunicorn's control socket, ~/.gunicorn) are
# writable by the unprivileged user the processes run as.
RUN groupadd --system --gid 10001 tattoobot \
    && useradd --system --uid 10001 --gid tattoobot --create-home --home-dir /home/tattoobot \
       --shell /usr/sbin/nologin tattoobot

# GNU gettext's msgfmt compiles the customer-message catalogs (locale/) below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext=0.21-12 \
    && rm -rf /var/lib/apt/lists/*

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
COPY . .

# collectstatic and compilemessages sign nothing, so manage.py runs them with a throwaway key (none is
# kept in the image); the .mo catalogs are built here, never committed.
RUN python manage.py collectstatic --noinput --verbosity 0 \
    && python manage.py compilemessages --verbosity 0 \
    && mkdir -p var/media \
    && chown -R tattoobot:tattoobot var

USER 10001:10001

EXPOSE 8000

# Liveness (docs/operations.md). The Host header is the first DJANGO_ALLOWED_HOSTS entry
# so the probe is not refused with 400 when that list omits 127.0.0.1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# The Procfile's web process (a shell expands WEB_CONCURRENCY; exec keeps
# gunicorn as PID 1 so it receives SIGTERM directly).
CMD ["sh", "-c", "exec gunicorn tattoobot.wsgi --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-3}\" --access-logfile - --max-requests 2000 --max-requests-jitter 200"]
