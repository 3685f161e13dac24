FROM python:3.12-slim-bookworm

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends libpq5=15.6-0+deb12u1; \
    rm -rf /var/lib/apt/lists/*

WORKDIR /code
COPY requirements/ requirements/
RUN pip install -r requirements/production.txt
COPY . .
RUN python manage.py collectstatic --noinput
RUN useradd --system --uid 999 django
USER django
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
