# paperclub: a small image that runs as a non-root user and migrates the database at start.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PAPERCLUB_READING_LIST=/app/data/reading_list.yaml \
    PAPERCLUB_CONFIG=/app/config/paperclub.toml \
    PAPERCLUB_HTTP_HOST=0.0.0.0
RUN useradd --create-home --uid 10001 paperclub && mkdir -p /app/var && chown paperclub /app/var
COPY --from=build /install /usr/local
WORKDIR /app
COPY config ./config
COPY data ./data
USER paperclub
EXPOSE 8080 3000
# `paperclub run` applies pending migrations before it connects to any platform.
CMD ["paperclub", "run"]
