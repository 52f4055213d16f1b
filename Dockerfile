# Nearshore Scorecard: one image for the web app (gunicorn) and the report worker (db_worker).
# Chromium draws the charts of PDF reports (kaleido); fonts and pango are WeasyPrint's.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CHROMIUM_PATH=/usr/bin/chromium \
    BROWSER_PATH=/usr/bin/chromium \
    STATIC_ROOT=/app/var/staticfiles \
    MEDIA_ROOT=/app/var/media \
    LOG_FORMAT=json

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        chromium fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 scorecard
WORKDIR /app

# The locked production dependencies (S3 storage included), then the project without re-resolving.
COPY pyproject.toml README.md ./
COPY requirements/prod.txt requirements/prod.txt
RUN pip install --upgrade pip && pip install -r requirements/prod.txt && pip install --no-deps .

COPY --chown=scorecard:scorecard . .
# collectstatic needs settings but no secret or database: a throw-away key just for this step.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && mkdir -p /app/var/media /app/var/cache && chown -R scorecard:scorecard /app/var

USER scorecard
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"

# Web: gunicorn behind the reverse proxy. The worker service overrides this command.
CMD ["gunicorn", "scorecard.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--forwarded-allow-ips", "*", "--access-logfile", "-"]
