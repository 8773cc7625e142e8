# The catalogue's web and scheduler image: `docker compose build` (see docker-compose.yml and README).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# libmagic1: python-magic reads files' MIME types with it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml README.md ./
COPY catalogue ./catalogue
COPY harvesters ./harvesters
COPY search ./search
COPY templates ./templates
COPY static ./static
RUN pip install ".[postgres,elasticsearch,server]" \
    && rm -rf /src

# A user of its own, and a data folder it owns (a named volume mounted there starts with this owner).
RUN useradd --system --create-home --uid 10001 catalogue \
    && mkdir -p /data \
    && chown catalogue:catalogue /data
USER catalogue
WORKDIR /home/catalogue
ENV CATALOGUE_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000

CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-", "catalogue.wsgi:app"]
