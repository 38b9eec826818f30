# paperclub: a small image that runs as a non-root user and migrates the database at start.
# It installs exactly the locked, hash-checked versions of requirements/runtime.lock
# (regenerate with `make lock`), then paperclub itself without resolving anything again.
FROM python:3.11-slim AS build
WORKDIR /src
COPY requirements/runtime.lock ./requirements/runtime.lock
RUN pip install --no-cache-dir --prefix=/install --require-hashes --no-deps \
      -r requirements/runtime.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir --prefix=/install --no-deps .

FROM python:3.11-slim
# The SQLite default lives in the volume; Slack's HTTP mode and OAuth, the calendar feeds and
# /healthz share port 8080; /metrics has its own port, which docker-compose.yml publishes on
# the host's loopback only.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PAPERCLUB_READING_LIST=/app/data/reading_list.yaml \
    PAPERCLUB_CONFIG=/app/config/paperclub.toml \
    PAPERCLUB_DATA_DIR=/app/var \
    PAPERCLUB_HTTP_HOST=0.0.0.0 \
    PAPERCLUB_HTTP_PORT=8080 \
    PAPERCLUB_METRICS_HOST=0.0.0.0 \
    PAPERCLUB_METRICS_PORT=9464
RUN useradd --create-home --uid 10001 paperclub && mkdir -p /app/var && chown paperclub /app/var
COPY --from=build /install /usr/local
WORKDIR /app
COPY config ./config
COPY data ./data
USER paperclub
VOLUME ["/app/var"]
EXPOSE 8080 9464
# 200 only while the database answers and every platform is connected (see bot/httpserver.py).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PAPERCLUB_HTTP_PORT', '8080'), timeout=3)"]
# `paperclub run` applies pending migrations before it connects to any platform.
CMD ["paperclub", "run"]
