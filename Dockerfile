# Bina in a container: the API with its workers, on PostgreSQL (DATABASE_URL) or on SQLite in
# the /data volume.
#   docker build -t bina .
#   docker run -p 8000:8000 -v bina-data:/data bina
# `bina serve` migrates the database before it serves. Settings: .env.example.

# The build: a virtualenv with the pinned dependencies (constraints.txt), then Bina's wheel.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/bina
# Dependencies first, in a layer of their own: rebuilt only when the pins change.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; open('requirements.txt', 'w').write(chr(10).join(deps))" \
    && /opt/bina/bin/pip install -c constraints.txt -r requirements.txt
COPY README.md ./
COPY src ./src
COPY migrations ./migrations
RUN /opt/bina/bin/pip install --no-deps . \
    && /opt/bina/bin/python -m compileall -q /opt/bina/lib

# What runs: the slim image, the virtualenv, the fonts of the og:image cards, no root.
FROM python:3.11-slim-bookworm
# DejaVu draws Latin names on the share cards, Noto CJK Chinese ones. Debian's own versions:
# pinning them would break the build at each of Debian's security updates.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 bina \
    && useradd --system --uid 10001 --gid bina --home-dir /app --shell /usr/sbin/nologin bina \
    && mkdir -p /app /data \
    && chown bina:bina /data
COPY --from=build /opt/bina /opt/bina
# Listening on every interface: a container's port is reached from outside it. `bina serve`
# takes its port from --port, BINA_PORT, or the platform's PORT, else 8000.
ENV PATH=/opt/bina/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BINA_HOST=0.0.0.0 \
    DATABASE_URL=sqlite:////data/bina.db
WORKDIR /app
VOLUME ["/data"]
# Numeric, so that a platform refusing root (Kubernetes' runAsNonRoot) can tell.
USER 10001:10001
EXPOSE 8000
# /livez: the process answers, without asking the database (a database outage is /readyz's
# to report; restarting the container would not cure it). No curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('BINA_PORT') or os.environ.get('PORT') or '8000'; urllib.request.urlopen(f'http://127.0.0.1:{port}/livez', timeout=4)"]
CMD ["bina", "serve"]
